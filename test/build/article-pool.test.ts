import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ArticlePool } from "../../src/build/article-pool.ts";
import { articleFile, frontMatter } from "../support/corpus.ts";
import { runBuild, temporaryDir, temporaryOutput, writeContentDir } from "../support/content-dir.ts";

const RUN = fileURLToPath(new URL("../../scripts/run.mjs", import.meta.url));
const POOL_COMPRESS = fileURLToPath(new URL("../support/pool-compress.ts", import.meta.url));
const POOL_PREPARE = fileURLToPath(new URL("../support/pool-prepare.ts", import.meta.url));
const THREADED_BUILD = fileURLToPath(new URL("../support/threaded-build.ts", import.meta.url));

// Articles parsed and rendered on worker threads (src/build/article-pool.ts) must give the bytes
// the build's own thread gives, and the same problems. The real build, as npm run content runs it.

const BODIES = [
  (n: number) => `Paragraph one of ${n}, with *emphasis* and a [link](https://example.org/${n}).\n\n## A heading\n\nParagraph two — "quoted" & 한국어.`,
  (n: number) => `<figure><img src="https://example.org/${n}.jpg" alt="A picture" width="800" height="600"><figcaption>Caption ${n}</figcaption></figure>\n\nText after it.`,
  (n: number) => `| a | b |\n|---|---|\n| ${n} | ]]> |\n\n- [x] done\n- [ ] not yet`,
];

/** 240 articles: enough for two threads of 100 or more. */
function articles(): ReturnType<typeof articleFile>[] {
  return Array.from({ length: 240 }, (_, n) =>
    articleFile({ file: `articles/a-${n}.md`, frontMatter: frontMatter(n, { tags: ["Shared", `Group ${n % 7}`] }), body: BODIES[n % BODIES.length]!(n) }),
  );
}

async function writtenFiles(output: string): Promise<Map<string, Buffer>> {
  const dir = join(output, "..");
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(join(entry.parentPath, entry.name).slice(dir.length), await readFile(join(entry.parentPath, entry.name)));
  }
  return files;
}

describe("the build's worker threads", () => {
  it("write the bytes the build's own thread writes, and say they were used", async () => {
    const contentDir = writeContentDir(articles());
    const build = (threads: string) => {
      const output = temporaryOutput();
      const run = runBuild(contentDir, output, { EDGEFEED_THREADS: threads, EDGEFEED_CACHE_DIR: temporaryDir("edgefeed-cache-") });
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      return { output, stdout: run.stdout };
    };
    const alone = build("1");
    const threaded = build("2");
    expect(alone.stdout).not.toContain("threads");
    expect(threaded.stdout).toContain("(240 articles parsed on 2 threads)");
    // The articles read, listed up to 30: an import of thousands is not read line by line.
    const listed = (stdout: string) => stdout.match(/^ {2}\d{4}-\d\d-\d\d {2}article-\d+ {2}\d+ words$/gm);
    expect(listed(threaded.stdout)).toHaveLength(30);
    // Their words counted in the body, which the threads leave among the texts' bytes.
    expect(listed(threaded.stdout)).toEqual(listed(alone.stdout));
    expect(threaded.stdout).toContain("  … and 210 more articles\n");
    const [expected, actual] = [await writtenFiles(alone.output), await writtenFiles(threaded.output)];
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [name, bytes] of expected) expect(actual.get(name)!.equals(bytes), name).toBe(true);
  }, 240_000);

  it("leave a cache from which the next build writes what a build without one writes", async () => {
    const contentDir = writeContentDir(articles());
    const cacheDir = temporaryDir("edgefeed-cache-");
    const build = (env: Record<string, string>) => {
      const output = temporaryOutput();
      const run = runBuild(contentDir, output, env);
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      return { output, stdout: run.stdout };
    };
    // The threads' answers kept (the articles' bodies among their texts, not apart), then read back.
    const first = build({ EDGEFEED_THREADS: "2", EDGEFEED_CACHE_DIR: cacheDir });
    expect(first.stdout).toContain("on 2 threads");
    const file = join(contentDir, "articles", "a-5.md");
    await writeFile(file, (await readFile(file, "utf8")).replace(/^title: .*$/m, 'title: "Changed after the threads"'));
    const warm = build({ EDGEFEED_THREADS: "2", EDGEFEED_CACHE_DIR: cacheDir });
    expect(warm.stdout).toContain("239 article files unchanged, taken from the cache");
    const cold = build({ EDGEFEED_THREADS: "1", EDGEFEED_CACHE_DIR: temporaryDir("edgefeed-cache-") });
    const [expected, actual] = [await writtenFiles(cold.output), await writtenFiles(warm.output)];
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [name, bytes] of expected) expect(actual.get(name)!.equals(bytes), name).toBe(true);
    expect((await writtenFiles(first.output)).get("/text.bin")!.equals(expected.get("/text.bin")!)).toBe(false);
  }, 240_000);

  it("compress the articles' chunks, which a cold build gives them while it assembles the documents, and the layout takes them all", () => {
    const contentDir = writeContentDir(articles());
    const run = spawnSync(process.execPath, [RUN, THREADED_BUILD, contentDir, temporaryOutput(), temporaryDir("edgefeed-cache-")], {
      encoding: "utf8",
      timeout: 120_000,
      env: { ...process.env, EDGEFEED_THREADS: "2" },
    });
    expect(run.stderr).toBe("");
    const { threads, chunks } = JSON.parse(run.stdout) as { threads: number; chunks: { total: number; givenToThreads: number; onThreads: number } };
    expect(threads).toBe(2);
    // The site's chunks (listings, feeds' shells, sitemaps) are the build's own.
    expect(chunks.givenToThreads).toBeGreaterThan(0);
    expect(chunks.givenToThreads).toBeLessThan(chunks.total);
    expect(chunks.onThreads).toBe(chunks.givenToThreads);
  }, 180_000);

  it("report the problems the build's own thread reports, in the same order", async () => {
    const contentDir = writeContentDir(articles());
    await writeFile(join(contentDir, "articles", "a-17.md"), "---\ntitle: [unclosed\n---\nBody.\n");
    await writeFile(join(contentDir, "articles", "a-200.md"), new TextDecoder().decode(articleFile({ file: "x", frontMatter: frontMatter(3), body: "Same slug as article 3." }).bytes));
    const run = (threads: string) => runBuild(contentDir, temporaryOutput(), { EDGEFEED_THREADS: threads, EDGEFEED_CACHE_DIR: temporaryDir("edgefeed-cache-") });
    const [alone, threaded] = [run("1"), run("2")];
    expect(alone.status).toBe(1);
    expect(alone.stderr).toMatch(/a-17\.md/);
    expect(alone.stderr).toMatch(/"article-3" is already used/);
    expect(threaded.status).toBe(1);
    expect(threaded.stderr).toBe(alone.stderr);
  }, 240_000);

  it("are stopped when the build fails before it parses a file (the threads start while it reads the content)", () => {
    const contentDir = writeContentDir(articles());
    writeFileSync(join(contentDir, "site.ts"), "export default { title: ;\n");
    // A thread left running would keep the process alive until it is killed (status null).
    const run = runBuild(contentDir, temporaryOutput(), { EDGEFEED_THREADS: "2", EDGEFEED_CACHE_DIR: temporaryDir("edgefeed-cache-") }, 90_000);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/site\.ts/);
  }, 120_000);

  it("are started ahead of the files only for a build that parses nearly every file: none cached, enough of them", () => {
    // A bundle that would fail to load: were a thread started, closing it is all the test needs.
    const asked = { EDGEFEED_ARTICLE_WORKER: join(temporaryDir("edgefeed-no-bundle-"), "worker.cjs"), EDGEFEED_THREADS: "2" };
    const before = { ...process.env };
    Object.assign(process.env, asked);
    try {
      expect(ArticlePool.early(4_000, 1)).toBeUndefined();
      expect(ArticlePool.early(150, 0)).toBeUndefined();
      const pool = ArticlePool.early(4_000, 0);
      expect(pool?.workers).toHaveLength(2);
      void pool?.close();
    } finally {
      for (const key of Object.keys(asked)) if (before[key] === undefined) delete process.env[key];
      Object.assign(process.env, before);
    }
  });

  it("compress the chunks of articles' texts in shared memory as the build's thread would, and give up none of the others' or a stopped thread's", () => {
    // test/support/pool-compress.ts: 120 groups in chunks, compressed by two real threads.
    const compress = (mode: string) => {
      const run = spawnSync(process.execPath, [RUN, POOL_COMPRESS, mode], { encoding: "utf8", timeout: 60_000 });
      expect(run.stderr).toBe("");
      return JSON.parse(run.stdout) as { chunks: number; given: number; answered: number; equal: number };
    };
    const shared = compress("shared");
    expect(shared.chunks).toBeGreaterThan(10);
    expect(shared).toEqual({ chunks: shared.chunks, given: shared.chunks, answered: shared.chunks, equal: shared.chunks });
    // A group of memory not shared would be copied to a thread: its chunk is left to the build.
    expect(compress("mixed")).toEqual({ chunks: shared.chunks, given: shared.chunks - 1, answered: shared.chunks - 1, equal: shared.chunks - 1 });
    expect(compress("copied")).toEqual({ chunks: shared.chunks, given: 0, answered: 0, equal: 0 });
    // Threads stopped before they are given anything, or while they work: the chunks they did not
    // answer are the build's again, and nothing waits forever.
    expect(compress("closed")).toEqual({ chunks: shared.chunks, given: 0, answered: 0, equal: 0 });
    const closing = compress("closing");
    expect(closing.given).toBe(shared.chunks);
    expect(closing.equal).toBe(closing.answered);
  }, 120_000);

  it("parse each file's own bytes, short files read as their batch is posted included", () => {
    // Files of a few hundred bytes: Node.js reads each into its shared 8 KiB pool.
    const contentDir = writeContentDir(Array.from({ length: 240 }, (_, n) => articleFile({ file: `articles/a-${n}.md`, frontMatter: frontMatter(n), body: `Body ${n}.` })));
    const run = spawnSync(process.execPath, [RUN, POOL_PREPARE, contentDir, temporaryDir("edgefeed-cache-")], { encoding: "utf8", timeout: 60_000, env: { ...process.env, EDGEFEED_BUILD_VERSION: "pool-prepare test" } });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ prepared: 240, wrong: [] });
  }, 120_000);

  it("refuse a thread count that is not a whole number of at least 1, saying what it must be", () => {
    const contentDir = writeContentDir(articles().slice(0, 3));
    for (const threads of ["0", "abc", "1.5"]) {
      const run = runBuild(contentDir, temporaryOutput(), { EDGEFEED_THREADS: threads, EDGEFEED_CACHE_DIR: temporaryDir("edgefeed-cache-") });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`EDGEFEED_THREADS must be a whole number of threads, 1 or more (1: no worker threads), not "${threads}"`);
    }
  }, 120_000);
});
