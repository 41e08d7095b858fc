import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildContent, openBuildCache } from "../../src/build/build-content.ts";
import { articleFile, frontMatter } from "../support/corpus.ts";
import { filesUnder, temporaryDir, useBuildVersion, writeContentDir } from "../support/content-dir.ts";

// The build cache's journal (src/build/cache-file.ts) as npm start writes it: one BuildCache in
// memory, saved after each build, its journal always over the base it read or last wrote, and
// `npm run content` builds opening what it saved in between. Each build from the saved cache
// must write a cold build's bytes and take from the cache every article it holds.

useBuildVersion("build-cache-journal test");

const N = 60;
const body = (n: number, extra = "") => `${Array.from({ length: 12 }, (_, k) => `Paragraph ${k} of article ${n}: ${"lorem ipsum ".repeat(30 + ((n + k) % 11))}`).join("\n\n")}${extra}`;
const text = (n: number, overrides: Record<string, unknown> = {}, b = body(n)) =>
  new TextDecoder().decode(articleFile({ file: `articles/a-${n}.md`, frontMatter: frontMatter(n, { tags: ["Shared", `Own ${n % 4}`], ...overrides }), body: b }).bytes);


describe("the build cache's journal", () => {
  it("gives later builds what npm start's builds saved, through edits, a base written anew and builds of its own in between", async () => {
    const contentDir = writeContentDir([]);
    const edit = (n: number, t: string | undefined) => (t === undefined ? rmSync(join(contentDir, "articles", `a-${n}.md`)) : writeFileSync(join(contentDir, "articles", `a-${n}.md`), t));
    for (let n = 0; n < N; n++) edit(n, text(n));
    const cacheDir = temporaryDir("edgefeed-cache-");
    const photoCacheDir = temporaryDir("edgefeed-photos-");
    const journal = join(cacheDir, "articles.journal");
    const base = join(cacheDir, "articles.bin");
    const build = async (cache?: Awaited<ReturnType<typeof openBuildCache>>) => {
      const dir = temporaryDir("edgefeed-out-");
      const result = await buildContent({ contentDir, output: join(dir, "documents.ts"), generator: "test", cache, cacheDir, photoCacheDir });
      return { files: filesUnder(dir), reused: result.reused };
    };
    const cold = async () => {
      const dir = temporaryDir("edgefeed-cold-");
      await buildContent({ contentDir, output: join(dir, "documents.ts"), generator: "test", cacheDir: temporaryDir("edgefeed-coldcache-"), photoCacheDir });
      return filesUnder(dir);
    };
    const expectCold = async (label: string, built: Map<string, Buffer>) => {
      const reference = await cold();
      expect([...built.keys()].sort(), label).toEqual([...reference.keys()].sort());
      for (const [name, bytes] of reference) expect(built.get(name)!.equals(bytes), `${label}: ${name}`).toBe(true);
    };
    // `npm run content`: the cache from disk, saved after; it must take every article file that
    // the saved cache holds (all but `changed`) and write a cold build's bytes.
    const fromDisk = async (label: string, changed: number) => {
      const { files, reused } = await build();
      expect(reused, label).toBe(N - changed);
      await expectCold(label, files);
    };

    await build();
    expect(existsSync(journal)).toBe(false);
    const cache = await openBuildCache({ siteUrl: undefined, cacheDir });
    // npm start: a build, then the save it makes when idle.
    const inMemory = async (label: string, changed: number) => {
      const { files, reused } = await build(cache);
      expect(reused, label).toBe(N - changed);
      await cache.save();
      await expectCold(label, files);
    };

    const baseBytes = readFileSync(base);
    edit(3, text(3, { title: "Retitled" }));
    // npm start's first build takes what the cache on disk holds.
    await inMemory("a title", 1);
    expect(readFileSync(base).equals(baseBytes), "the base is left as it was").toBe(true);
    expect(statSync(journal).size).toBeLessThan(baseBytes.length);
    await fromDisk("a title, from disk", 0);

    edit(40, text(40, {}, body(40, "\n\nA much longer tail that moves the chunks after it. ".repeat(200))));
    await inMemory("a long body", 1);
    edit(7, undefined);
    edit(61, text(61));
    await inMemory("one removed, one added", 1);
    await fromDisk("removed and added, from disk", 0);

    // The base removed while npm start runs: its next save writes a whole one, and journals
    // over that one after it.
    rmSync(base);
    edit(12, text(12, { summary: "A new summary." }));
    await inMemory("after the base was removed", 1);
    expect(existsSync(base)).toBe(true);
    expect(existsSync(journal)).toBe(false);
    edit(40, text(40));
    edit(13, text(13, {}, body(13, "\n\nMore.")));
    await inMemory("edits over the new base", 2);
    expect(existsSync(journal)).toBe(true);
    await fromDisk("edits over the new base, from disk", 0);

    // A build of its own in between (its journal replaces npm start's, with npm start's state
    // in it), then npm start saves again.
    edit(20, text(20, { title: "Changed under npm start" }));
    await fromDisk("a build beside npm start", 1);
    edit(21, text(21, { title: "Changed again" }));
    await inMemory("npm start after that build", 2);
    await fromDisk("at the end", 0);
  }, 600_000);
});
