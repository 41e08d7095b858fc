import { cpSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync, type Stats } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BuildCache, fileStampVouches, type FileStamp } from "../../src/build/build-cache.ts";
import { buildContent } from "../../src/build/build-content.ts";
import { articleFile, frontMatter } from "../support/corpus.ts";
import { filesUnder, temporaryDir, useBuildVersion, writeContentDir } from "../support/content-dir.ts";

// An article file keyed from its stat (BuildCache.sourceFiles): read and hashed only when its
// size, times or inode are not as when an earlier build hashed it, or when it changed within
// RACY_MS of that hashing. Whatever was done to a file, every build writes a cold build's bytes.

useBuildVersion("build-cache-stamps test");

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

describe("an article file's stamp", () => {
  const stamp: FileStamp = { size: 100, mtime: 1_000_000.25, ctime: 1_000_500.5, ino: 42, dev: 7, hashedAt: 1_010_000, digest: "d" };
  const stats = (overrides: Partial<Stats> = {}) => ({ size: 100, mtimeMs: 1_000_000.25, ctimeMs: 1_000_500.5, ino: 42, dev: 7, ...overrides }) as Stats;

  it("vouches for the digest while the file's size, times and inode are as they were, changed well before it was hashed", () => {
    expect(fileStampVouches(stamp, stats())).toBe(true);
  });

  it("does not vouch once the size, a time, the inode or the device differs", () => {
    for (const change of [{ size: 101 }, { mtimeMs: 1_000_000.5 }, { ctimeMs: 1_000_501 }, { ino: 43 }, { dev: 8 }]) {
      expect(fileStampVouches(stamp, stats(change)), JSON.stringify(change)).toBe(false);
    }
  });

  it("does not vouch for a file changed within two seconds of its hashing, even with the same stat (a second write in the same tick)", () => {
    expect(fileStampVouches({ ...stamp, hashedAt: stamp.ctime + 1999 }, stats())).toBe(false);
    expect(fileStampVouches({ ...stamp, ctime: stamp.mtime, hashedAt: stamp.mtime + 1500 }, stats({ ctimeMs: stamp.mtime }))).toBe(false);
    expect(fileStampVouches({ ...stamp, hashedAt: stamp.ctime + 2000 }, stats())).toBe(true);
    // Times after the hashing (another machine's clock): never.
    expect(fileStampVouches({ ...stamp, hashedAt: stamp.mtime - 10 }, stats())).toBe(false);
  });
});

const text = (n: number, overrides: Record<string, unknown> = {}, body = `Body of article ${n}. ${"Some words to read. ".repeat(30)}`) =>
  Buffer.from(articleFile({ file: `articles/a-${n}.md`, frontMatter: frontMatter(n, { tags: ["Shared"], ...overrides }), body }).bytes);

describe("article files keyed from their stat", () => {
  it("reads exactly the files whose stat changed or is racy, and every build writes a cold build's bytes", async () => {
    const N = 30;
    const contentDir = writeContentDir([]);
    const file = (n: number) => join(contentDir, "articles", `a-${n}.md`);
    // Modified long ago, to the second (restored exactly below), changed (ctime) just now.
    const longAgo = new Date("2024-06-01T12:00:00Z");
    for (let n = 0; n < N; n++) {
      writeFileSync(file(n), text(n));
      utimesSync(file(n), longAgo, longAgo);
    }
    const cacheDir = temporaryDir("edgefeed-cache-");
    const photoCacheDir = temporaryDir("edgefeed-photos-");
    const outDir = temporaryDir("edgefeed-out-");
    // The clock the cache hashes files by: moved forward to stand for builds run later.
    let later = 0;
    const build = async (dir = contentDir) => {
      const cache = await BuildCache.open({ root: ROOT, siteUrl: undefined, dir: cacheDir, now: () => Date.now() + later });
      const { corpus } = await buildContent({ contentDir: dir, output: join(outDir, "documents.ts"), generator: "test", cache, photoCacheDir });
      await cache.save();
      const coldDir = temporaryDir("edgefeed-cold-");
      await buildContent({ contentDir: dir, output: join(coldDir, "documents.ts"), generator: "test", cacheDir: temporaryDir("edgefeed-coldcache-"), photoCacheDir });
      const warm = filesUnder(outDir);
      const cold = filesUnder(coldDir);
      expect([...warm.keys()].sort()).toEqual([...cold.keys()].sort());
      for (const [name, bytes] of cold) expect(warm.get(name)!.equals(bytes), name).toBe(true);
      return { hashed: cache.hashed, reused: cache.reused, text: JSON.stringify(corpus) };
    };
    /** Sets a file's modification time back to what it was, as a tool that restores times would. */
    const keepTimes = (n: number, write: () => void) => {
      expect(statSync(file(n)).mtimeMs).toBe(longAgo.getTime());
      write();
      utimesSync(file(n), longAgo, longAgo);
      expect(statSync(file(n)).mtimeMs).toBe(longAgo.getTime());
    };

    expect(await build()).toMatchObject({ hashed: N, reused: 0 });
    // Written moments ago: racily clean, read again however alike their stat.
    expect(await build()).toMatchObject({ hashed: N, reused: N });
    later = 10_000;
    // Hashed now well after they changed...
    expect(await build()).toMatchObject({ hashed: N, reused: N });
    // ...and from then on known from their stat.
    expect(await build()).toMatchObject({ hashed: 0, reused: N });

    writeFileSync(file(3), text(3, { title: "Retitled" }));
    expect(await build()).toMatchObject({ hashed: 1, reused: N - 1 });
    later = 20_000;

    // The same size, the modification time set back: the change time tells.
    const before = readFileSync(file(4));
    const same = text(4, {}, `Body of article 4. ${"Some words to read! ".repeat(30)}`);
    expect(same.length).toBe(before.length);
    keepTimes(4, () => writeFileSync(file(4), same));
    const retold = await build();
    expect(retold).toMatchObject({ hashed: 1, reused: N - 1 });
    expect(retold.text).toContain("Some words to read!");

    // Touched: read again, and the same bytes are the same entry.
    later = 30_000;
    utimesSync(file(5), new Date(), new Date());
    expect(await build()).toMatchObject({ hashed: 1, reused: N });
    later = 40_000;
    expect(await build()).toMatchObject({ hashed: 0, reused: N });

    // Replaced by another file of the same size and times (a new inode).
    const replacement = text(6, {}, `Body of article 6. ${"Some words to read? ".repeat(30)}`);
    keepTimes(6, () => {
      writeFileSync(`${file(6)}.new`, replacement);
      renameSync(`${file(6)}.new`, file(6));
    });
    const replaced = await build();
    expect(replaced).toMatchObject({ hashed: 1, reused: N - 1 });
    expect(replaced.text).toContain("Some words to read?");

    // The content folder moved (another clone, another machine): every file hashed, every entry found.
    later = 50_000;
    const moved = join(temporaryDir("edgefeed-moved-"), "content");
    cpSync(contentDir, moved, { recursive: true });
    expect(await build(moved)).toMatchObject({ hashed: N, reused: N });

    // Back in the first folder, whose stamps the cache dropped (it keeps what the last build used).
    later = 60_000;
    expect(await build()).toMatchObject({ hashed: N, reused: N });
    expect(await build()).toMatchObject({ hashed: 0, reused: N });
    // Known from their stat, but the site changed: every file read then, from its bytes.
    writeFileSync(join(contentDir, "site.ts"), readFileSync(join(contentDir, "site.ts"), "utf8").replace(/"title": "[^"]*"/, '"title": "Another title"'));
    writeFileSync(file(7), text(7, { title: "Changed with the site" }));
    later = 70_000;
    const resited = await build();
    expect(resited).toMatchObject({ hashed: N, reused: 0 });
    expect(resited.text).toContain("Changed with the site");
    expect(resited.text).toContain("Another title");
  }, 600_000);

  it("are kept by builds that open and save the cache themselves (npm run content), once the files are no longer racy", async () => {
    const N = 12;
    const contentDir = writeContentDir([]);
    for (let n = 0; n < N; n++) writeFileSync(join(contentDir, "articles", `a-${n}.md`), text(n));
    const options = { contentDir, output: join(temporaryDir("edgefeed-out-"), "documents.ts"), generator: "test", cacheDir: temporaryDir("edgefeed-cache-"), photoCacheDir: temporaryDir("edgefeed-photos-") };
    // Written just now: hashed, racily clean, at each build until it settles (the first warm
    // builds save what else they moved too).
    for (let build = 0; build < 3; build++) expect(await buildContent(options)).toMatchObject({ hashed: N, reused: build === 0 ? 0 : N });
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    // Hashed again, now well after they changed: the new stamps are saved though nothing else changed...
    expect(await buildContent(options)).toMatchObject({ hashed: N, reused: N });
    // ...and vouch from then on,
    expect(await buildContent(options)).toMatchObject({ hashed: 0, reused: N });
    // unless the operator says the file system's times cannot be trusted.
    process.env["EDGEFEED_TRUST_STAT"] = "0";
    try {
      expect(await buildContent(options)).toMatchObject({ hashed: N, reused: N });
    } finally {
      delete process.env["EDGEFEED_TRUST_STAT"];
    }
  }, 120_000);
});

describe("article files listed by a cache", () => {
  it("are read when their bytes are first read, and a cache with no entries reads none to say it has none of them", async () => {
    const contentDir = writeContentDir([]);
    const paths = [0, 1, 2].map((n) => {
      writeFileSync(join(contentDir, "articles", `a-${n}.md`), text(n));
      return join("articles", `a-${n}.md`);
    });
    const cache = await BuildCache.open({ root: ROOT, siteUrl: undefined, dir: temporaryDir("edgefeed-cache-") });
    const files = cache.sourceFiles(contentDir, paths);
    // A cold build's threads get the files as this thread reads them, batch by batch.
    expect(files.map((file) => cache.has(file))).toEqual([false, false, false]);
    expect(cache.hashed).toBe(0);
    expect(Buffer.from(files[1]!.bytes).equals(text(1))).toBe(true);
    expect(cache.hashed).toBe(1);
    // Read once, however often read; a copy (as a worker thread's message makes) reads the bytes too.
    expect(structuredClone(files[1]!).bytes).toEqual(new Uint8Array(text(1)));
    expect(structuredClone(files[2]!).bytes).toEqual(new Uint8Array(text(2)));
    expect(cache.hashed).toBe(2);
  });
});
