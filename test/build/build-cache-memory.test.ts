import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { buildContent, openBuildCache } from "../../src/build/build-content.ts";
import { articleFile, frontMatter } from "../support/corpus.ts";
import { filesUnder, temporaryDir, useBuildVersion, writeContentDir } from "../support/content-dir.ts";

// npm start's cache (src/build/build-cache.ts): one BuildCache kept in memory across builds
// (nextBuild), through edits, a content problem and a build that fails after laying out its text.
// Every build must write a cold build's bytes, and the cache's articles must give back their
// HTML (kept among their texts in the compressed chunks) after each build and after a save.

useBuildVersion("build-cache-memory test");

const para = (n: number, k: number) => `Paragraph ${k} of article ${n}: ${"lorem ipsum dolor sit amet ".repeat(20 + ((n * 7 + k) % 13))}`;
const body = (n: number, extra = "") => `${Array.from({ length: 18 }, (_, k) => para(n, k)).join("\n\n")}${extra}`;
const text = (n: number, overrides: Record<string, unknown> = {}, b = body(n)) =>
  new TextDecoder().decode(articleFile({ file: `articles/a-${n}.md`, frontMatter: frontMatter(n, { tags: ["Shared", `Own ${n % 5}`], ...overrides }), body: b }).bytes);


describe("the build cache kept in memory (npm start)", () => {
  it("writes a cold build's bytes after each edit and failed build, and gives back every article's HTML", async () => {
    const N = 90;
    const contentDir = writeContentDir([]);
    for (let n = 0; n < N; n++) writeFileSync(join(contentDir, "articles", `a-${n}.md`), text(n));
    const cacheDir = temporaryDir("edgefeed-cache-");
    const photos = temporaryDir("edgefeed-photos-");
    // A first build saved to disk, as `npm run content` leaves it: npm start then opens it, and its
    // articles read their HTML through the cache's getter.
    await buildContent({ contentDir, output: join(temporaryDir("edgefeed-seed-"), "documents.ts"), generator: "test", cacheDir, photoCacheDir: photos });
    const cache = await openBuildCache({ siteUrl: undefined, cacheDir });
    let lastCorpus: Awaited<ReturnType<typeof buildContent>>["corpus"] | undefined;
    const outDir = temporaryDir("edgefeed-out-");
    const output = join(outDir, "documents.ts");
    const build = () => buildContent({ contentDir, output, generator: "test", cache, photoCacheDir: photos });
    const cold = async () => {
      const dir = temporaryDir("edgefeed-cold-");
      const result = await buildContent({ contentDir, output: join(dir, "documents.ts"), generator: "test", cacheDir: temporaryDir("edgefeed-coldcache-"), photoCacheDir: photos });
      return { files: filesUnder(dir), result };
    };
    const compare = async (label: string) => {
      const warm = await build();
      const reference = await cold();
      const mine = filesUnder(outDir);
      expect([...mine.keys()].sort(), label).toEqual([...reference.files.keys()].sort());
      for (const [name, bytes] of reference.files) expect(mine.get(name)!.equals(bytes), `${label}: ${name}`).toBe(true);
      lastCorpus = warm.corpus;
      const htmlOf = new Map(reference.result.corpus.articles.map((a) => [a.slug, a.html]));
      for (const a of warm.corpus.articles) expect(a.html, `${label}: ${a.slug}`).toBe(htmlOf.get(a.slug));
      return warm;
    };
    const edit = (n: number, t: string | undefined) => (t === undefined ? rmSync(join(contentDir, "articles", `a-${n}.md`)) : writeFileSync(join(contentDir, "articles", `a-${n}.md`), t));

    await compare("first");
    await compare("nothing");
    edit(3, text(3, { title: "Retitled" }));
    await compare("title");
    edit(40, text(40, {}, body(40, "\n\nA much longer tail. ".repeat(400))));
    await compare("long body (chunks shift)");
    // A failed build: a duplicate slug.
    edit(200, text(200, { slug: "article-7" }));
    await expect(build()).rejects.toThrow();
    edit(200, undefined);
    await compare("after a content problem");
    // A failed build after place(): the text file's temporary path is a folder.
    edit(41, text(41, {}, body(41, "\n\nAnother tail. ".repeat(300))));
    const blocker = join(outDir, `text.bin.${process.pid}.tmp`);
    mkdirSync(blocker);
    await expect(build()).rejects.toThrow();
    rmSync(blocker, { recursive: true });
    await compare("after a failed write");
    edit(41, text(41));
    edit(40, text(40));
    await compare("reverted");
    {
      const reference = await cold();
      const htmlOf = new Map(reference.result.corpus.articles.map((a) => [a.slug, a.html]));
      for (const a of lastCorpus!.articles) expect(a.html, `at the end: ${a.slug}`).toBe(htmlOf.get(a.slug));
    }
    await cache.save();

    // A later process: every article's HTML from the saved cache.
    const reopened = await openBuildCache({ siteUrl: undefined, cacheDir });
    const reference = await cold();
    const htmlOf = new Map(reference.result.corpus.articles.map((a) => [a.source, a.html]));
    for (const name of readdirSync(join(contentDir, "articles"))) {
      const path = join(contentDir, "articles", name);
      const kept = reopened.article({ path: relative(contentDir, path), bytes: readFileSync(path) });
      expect(kept?.article?.html, name).toBe(htmlOf.get(`articles/${name}`));
    }
  }, 600_000);
});
