import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { prepareArticleBatch } from "../../src/build/article-pool.ts";
import { BuildCache } from "../../src/build/build-cache.ts";
import { buildContent, openBuildCache } from "../../src/build/build-content.ts";
import { loadCorpus } from "../../src/build/content.ts";
import { renderArticle, renderSite, sharedMarkup } from "../../src/build/documents.ts";
import { joinParts, JsonEscaped, Texts } from "../../src/store/text.ts";
import { articleFile, fixtureCorpus, frontMatter } from "../support/corpus.ts";
import { temporaryDir, temporaryOutput, writeContentDir } from "../support/content-dir.ts";

// What the build's cache (src/build/build-cache.ts) keeps of an article, read back in this
// process: the article's HTML is kept once, among its texts in the stored chunks, not beside them.

const VERSION = "EDGEFEED_BUILD_VERSION";
const version = process.env[VERSION];
afterEach(() => {
  if (version === undefined) delete process.env[VERSION];
  else process.env[VERSION] = version;
});

describe("the build cache's articles", () => {
  it("give back each article's HTML as parsed, read from the stored chunks", async () => {
    process.env[VERSION] = "build-cache-texts test";
    const bodies = [
      "One *paragraph* — with \"quotes\" & 한국어.",
      '<figure><img src="https://example.org/a.jpg" alt="A picture" width="800" height="600"><figcaption>A caption</figcaption></figure>\n\nAfter it.',
      "| a | b |\n|---|---|\n| 1 | ]]> |",
    ];
    const files = bodies.map((body, n) => articleFile({ file: `articles/a-${n}.md`, frontMatter: frontMatter(n), body }));
    const contentDir = writeContentDir(files);
    const cacheDir = temporaryDir("edgefeed-cache-");
    const options = { contentDir, output: temporaryOutput(), generator: "test", cacheDir, photoCacheDir: temporaryDir("edgefeed-photos-") };
    const { corpus } = await buildContent(options);

    const cache = await openBuildCache({ siteUrl: undefined, cacheDir });
    const cacheFile = readFileSync(join(cacheDir, "articles.bin"));
    for (const parsed of corpus.articles) {
      const path = join(contentDir, parsed.source);
      const kept = cache.article({ path: relative(contentDir, path), bytes: readFileSync(path) });
      expect(kept?.article?.title).toBe(parsed.title);
      expect(kept?.article?.html).toBe(parsed.html);
      // Every property (the kept article lists them one by one, see keptArticle).
      expect(Object.keys(kept!.article!).sort()).toEqual(Object.keys(parsed).sort());
      expect(kept!.article).toEqual(parsed);
      // Once: the chunks hold it compressed, so its bytes as is appear nowhere in the file.
      expect(cacheFile.includes(Buffer.from(parsed.html))).toBe(false);
    }
  });
});

describe("an article prepared on a worker thread", () => {
  it("has its texts restored while the threads work: the build's documents take those, not a render", async () => {
    process.env[VERSION] = "build-cache-texts test";
    const fixture = { file: "articles/a-0.md", frontMatter: frontMatter(0), body: "A body with *emphasis*." };
    const file = articleFile(fixture);
    const { site } = fixtureCorpus([fixture]);
    const cache = await BuildCache.open({ root: process.cwd(), siteUrl: undefined, dir: temporaryDir("edgefeed-cache-") });
    cache.usePhotos(new Map());
    cache.useSite(site);
    // As a thread answers (prepareArticleBatch is what it runs), its bytes in shared memory.
    const [prepared] = prepareArticleBatch([file], site, new Map());
    const texts = prepared!.texts!;
    const bytes = new Uint8Array(new SharedArrayBuffer(texts.bytes!.byteLength));
    bytes.set(texts.bytes!);
    cache.prepare(file, { ...prepared!, texts: { ...texts, bytes } });
    const shared = sharedMarkup(site);
    const restored = cache.restorePrepared(file, shared);
    expect(restored).toBeDefined();
    const article = cache.article(file)!.article!;
    const render = () => {
      throw new Error("rendered again");
    };
    expect(cache.articleTexts(article, new Texts(), shared, render)).toBe(restored);
    expect(joinParts(restored!.page)).toBe(renderArticle(site, article).page);
  });
});

describe("a cache that cannot be saved", () => {
  it("fails the build with its error once the output is whole: the module, its files, the feed manifest", async () => {
    process.env[VERSION] = "build-cache-texts test";
    const contentDir = writeContentDir([articleFile({ file: "articles/a-0.md", frontMatter: frontMatter(0), body: "A body." })]);
    // A folder where a file is: no process can make it, root's included.
    const blocker = join(temporaryDir("edgefeed-blocked-"), "file");
    writeFileSync(blocker, "");
    const output = temporaryOutput();
    const build = buildContent({ contentDir, output, generator: "test", cacheDir: join(blocker, "cache"), photoCacheDir: temporaryDir("edgefeed-photos-") });
    await expect(build).rejects.toThrow(/ENOTDIR/);
    const written = readdirSync(dirname(output)).sort();
    expect(written).toEqual(expect.arrayContaining(["documents.ts", "feed-manifest.json", "ranges.bin", "text.bin"]));
    expect(written.filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });
});

describe("the documents of a build from the cache", () => {
  it("are made of texts whose digests are the SHA-256 of their bytes (entity tags and chunk keys are made of them)", async () => {
    process.env[VERSION] = "build-cache-texts test";
    const files = [0, 1, 2].map((n) => articleFile({ file: `articles/a-${n}.md`, frontMatter: frontMatter(n, { tags: ["Shared"] }), body: `Body ${n} — 한국어.` }));
    const contentDir = writeContentDir(files);
    const cacheDir = temporaryDir("edgefeed-cache-");
    const options = { contentDir, output: temporaryOutput(), generator: "test", cacheDir, photoCacheDir: temporaryDir("edgefeed-photos-") };
    await buildContent(options);
    const cache = await openBuildCache({ siteUrl: undefined, cacheDir });
    const corpus = await loadCorpus(contentDir, { cache, photos: new Map() });
    const { documents } = renderSite(corpus, { icon: "<svg/>" }, { cache });
    let feeds = 0;
    for (const [path, document] of documents) {
      if (/\.(xml|json)$/.test(path) && path.includes("feed")) feeds++;
      for (const part of document.parts ?? []) {
        const text = part instanceof JsonEscaped ? part.text : part;
        expect(text.digest.equals(createHash("sha256").update(text.bytes).digest()), path).toBe(true);
      }
    }
    expect(feeds).toBeGreaterThan(3);
  });
});

describe("generated files that cannot all be written", () => {
  it("fail the build, leave no file half-written beside the output and write none of them", async () => {
    process.env[VERSION] = "build-cache-texts test";
    const contentDir = writeContentDir([articleFile({ file: "articles/a-0.md", frontMatter: frontMatter(0), body: "A body." })]);
    const output = temporaryOutput();
    // ranges.bin's file aside is a folder: it cannot be opened, after text.bin's was.
    mkdirSync(join(dirname(output), `ranges.bin.${process.pid}.tmp`));
    const build = buildContent({ contentDir, output, generator: "test", cacheDir: temporaryDir("edgefeed-cache-"), photoCacheDir: temporaryDir("edgefeed-photos-") });
    await expect(build).rejects.toThrow(/EISDIR/);
    expect(readdirSync(dirname(output)).sort()).toEqual([`ranges.bin.${process.pid}.tmp`]);
  });
});
