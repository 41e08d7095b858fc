import { spawn, spawnSync } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, stat, symlink, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articleFile, frontMatter } from "../support/corpus.ts";
import { writeContentDir } from "../support/content-dir.ts";

// The build's cache (src/build/build-cache.ts) on the real build, run as `npm run content` runs
// it, in a copy of the project so that a renderer's source can be changed. Whatever changed, the
// output must be the bytes a build without any cache writes.

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BUILDS = 120_000; // several builds, each a Node process: seconds each on a busy 2-core machine

let work: string;
let project: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "edgefeed-cache-"));
  project = join(work, "project");
  for (const entry of ["src", "scripts", "package.json", "package-lock.json", "tsconfig.json"]) {
    await cp(join(ROOT, entry), join(project, entry), { recursive: true, filter: (from) => !from.includes("/src/generated") });
  }
  await symlink(join(ROOT, "node_modules"), join(project, "node_modules"));
});

afterAll(() => rm(work, { recursive: true, force: true }));

let builds = 0;

/** Runs the build; returns what it printed and every file it wrote, by name. */
async function build(contentDir: string, cacheDir: string): Promise<{ stdout: string; files: Map<string, Buffer> }> {
  const output = join(work, `out-${builds++}`, "documents.ts");
  const run = spawnSync(process.execPath, [join(project, "scripts", "run.mjs"), join(project, "src", "build", "main.ts")], {
    env: { ...process.env, CONTENT_DIR: contentDir, OUTPUT: output, EDGEFEED_CACHE_DIR: cacheDir, SITE_URL: "" },
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`the build failed:\n${run.stderr}`);
  return { stdout: run.stdout, files: await filesOf(output) };
}

/** Two builds run at once, on two content folders, with one cache. */
async function buildsAtOnce(contentDirs: [string, string], cacheDir: string): Promise<void> {
  await Promise.all(
    contentDirs.map(
      (contentDir) =>
        new Promise<void>((resolve, reject) => {
          const output = join(work, `out-${builds++}`, "documents.ts");
          const child = spawn(process.execPath, [join(project, "scripts", "run.mjs"), join(project, "src", "build", "main.ts")], {
            env: { ...process.env, CONTENT_DIR: contentDir, OUTPUT: output, EDGEFEED_CACHE_DIR: cacheDir, SITE_URL: "" },
            stdio: ["ignore", "ignore", "pipe"],
          });
          let stderr = "";
          child.stderr.on("data", (data: Buffer) => (stderr += data.toString()));
          child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`the build failed:\n${stderr}`))));
        }),
    ),
  );
}

async function filesOf(output: string): Promise<Map<string, Buffer>> {
  const dir = join(output, "..");
  const files = new Map<string, Buffer>();
  for (const name of await readdir(dir, { recursive: true })) {
    if ((await stat(join(dir, name))).isFile()) files.set(name, await readFile(join(dir, name)));
  }
  return files;
}

/** A build with no cache at all: what every other build must write. */
const cold = (contentDir: string) => build(contentDir, join(work, `cold-${builds}`));
const reused = (stdout: string) => Number(/\((\d+) article files? unchanged, taken from the cache[;)]/.exec(stdout)?.[1] ?? 0);

async function expectSameFiles(warm: Map<string, Buffer>, reference: Map<string, Buffer>): Promise<void> {
  expect([...warm.keys()].sort()).toEqual([...reference.keys()].sort());
  for (const [name, bytes] of reference) expect(warm.get(name)!.equals(bytes), name).toBe(true);
}

const article = (n: number, overrides: Record<string, unknown> = {}, body = `Body of ${n}, with *emphasis*.`) =>
  articleFile({ file: `articles/a-${n}.md`, frontMatter: frontMatter(n, { tags: ["Shared", `Own ${n}`], ...overrides }), body });

describe("the build's cache", () => {
  it("reuses unchanged articles and writes what a cold build writes, through edits, additions, removals and site settings", async () => {
    const contentDir = writeContentDir([article(1), article(2), article(3)]);
    const cache = join(work, "cache-edits");
    const edit = async (file: string, text: string | undefined) => (text === undefined ? rm(join(contentDir, file)) : writeFile(join(contentDir, file), text));
    const text = (n: number, overrides?: Record<string, unknown>, body?: string) => new TextDecoder().decode(article(n, overrides, body).bytes);

    const first = await build(contentDir, cache);
    expect(reused(first.stdout)).toBe(0);
    const steps: [string, () => Promise<unknown>, number][] = [
      ["nothing changed", async () => {}, 3],
      ["a title", () => edit("articles/a-2.md", text(2, { title: "A new title" })), 2],
      ["a body", () => edit("articles/a-1.md", text(1, {}, "A rewritten body.\n\nIn two paragraphs.")), 2],
      ["an article added", () => edit("articles/a-4.md", text(4)), 3],
      ["an article removed", () => edit("articles/a-3.md", undefined), 3],
      ["a draft", () => edit("articles/a-4.md", text(4, { draft: true })), 2],
      ["the site settings", async () => writeFile(join(contentDir, "site.ts"), (await readFile(join(contentDir, "site.ts"), "utf8")).replace("Fixture Times", "Fixture Weekly")), 0],
    ];
    for (const [change, apply, expectedReuse] of steps) {
      await apply();
      const warm = await build(contentDir, cache);
      expect(reused(warm.stdout), change).toBe(expectedReuse);
      await expectSameFiles(warm.files, (await cold(contentDir)).files);
    }
  }, BUILDS);

  it("is not used after a renderer's source, the package versions or the cache file itself changed", async () => {
    const contentDir = writeContentDir([article(1), article(2)]);
    const cache = join(work, "cache-inputs");
    await build(contentDir, cache);
    expect(reused((await build(contentDir, cache)).stdout)).toBe(2);

    const ampPage = join(project, "src", "render", "amp-page.ts");
    await writeFile(ampPage, (await readFile(ampPage, "utf8")).replace("max-width:42rem", "max-width:40rem"));
    const afterRenderer = await build(contentDir, cache);
    expect(reused(afterRenderer.stdout)).toBe(0);
    await expectSameFiles(afterRenderer.files, (await cold(contentDir)).files);
    expect(reused((await build(contentDir, cache)).stdout)).toBe(2);

    const lockfile = join(project, "package-lock.json");
    await writeFile(lockfile, `${await readFile(lockfile, "utf8")}\n`);
    expect(reused((await build(contentDir, cache)).stdout)).toBe(0);

    const cacheFile = join(cache, "articles.bin");
    const bytes = await readFile(cacheFile);
    const middle = bytes.length >> 1;
    bytes[middle] = bytes[middle]! ^ 0xff;
    await writeFile(cacheFile, bytes);
    const afterCorruption = await build(contentDir, cache);
    expect(reused(afterCorruption.stdout)).toBe(0);
    await expectSameFiles(afterCorruption.files, (await cold(contentDir)).files);
  }, BUILDS);

  it("falls back on the base alone when its journal is torn, and stays whole when two builds save at once", async () => {
    const contentDir = writeContentDir([article(1), article(2), article(3)]);
    const cache = join(work, "cache-journal");
    await build(contentDir, cache);
    // A title changed: the cache's change goes to the journal beside the base.
    await writeFile(join(contentDir, "articles/a-2.md"), article(2, { title: "Retitled" }).bytes);
    await build(contentDir, cache);
    const journal = join(cache, "articles.journal");
    expect(reused((await build(contentDir, cache)).stdout)).toBe(3);
    const { size } = await stat(journal);

    // Torn: the retitled article's entry, only in the journal, is made again; the others come from the base.
    await truncate(journal, size - 1);
    const afterTear = await build(contentDir, cache);
    expect(reused(afterTear.stdout)).toBe(2);
    await expectSameFiles(afterTear.files, (await cold(contentDir)).files);

    // Two builds at once, of two folders with an article in common, then each again: the cache
    // each finds is one of theirs or the base, whole, and every build writes what a cold one does.
    const otherDir = writeContentDir([article(1), article(4), article(5)]);
    await buildsAtOnce([contentDir, otherDir], cache);
    for (const dir of [contentDir, otherDir, contentDir]) {
      const warm = await build(dir, cache);
      await expectSameFiles(warm.files, (await cold(dir)).files);
    }
  }, BUILDS);
});
