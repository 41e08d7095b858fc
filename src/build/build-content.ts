import { closeSync, openSync, renameSync, rmSync, write } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { deflateRaw } from "node:zlib";
import type { Article, Corpus } from "../model.ts";
import { DEFLATE, generatedFiles, groupChunks, layOutText, RANGES_FILE, TEXT_FILE, type TextChunk } from "../store/encode.ts";
import type { Text } from "../store/text.ts";
import { ArticlePool, prepareArticles } from "./article-pool.ts";
import { BuildCache } from "./build-cache.ts";
import { articleNames, loadCorpus, type Problem } from "./content.ts";
import { renderSite, sharedMarkup } from "./documents.ts";
import { ASSETS_DIR, writeMediaAssets } from "./media-assets.ts";
import { mediaFiles } from "./photo-references.ts";
import { developPhotos } from "./photos.ts";
import { FEED_MANIFEST_FILE, feedManifest } from "./websub.ts";

export interface BuildOptions {
  /** The content folder: site.ts, icon.svg, articles/*.md. */
  contentDir: string;
  /**
   * Where the module goes (src/generated/documents.ts); the binary files, the feed manifest and
   * the static assets' folder (wrangler.toml `[assets]`) go beside it.
   */
  output: string;
  /** Overrides site.ts's `url` (SITE_URL). */
  siteUrl?: string | undefined;
  /** The path of the generator named in the module's header. */
  generator: string;
  /** Where processed photos are kept between builds (src/build/photos.ts); PHOTO_CACHE by default. */
  photoCacheDir?: string | undefined;
  /** Where the build's cache lives (src/build/build-cache.ts); EDGEFEED_CACHE_DIR, or node_modules/.cache/edgefeed/content/. */
  cacheDir?: string | undefined;
  /**
   * A cache kept in memory between builds by the caller (npm start), which also saves it when it
   * suits it; otherwise the build opens the cache on disk and saves it before it returns.
   */
  cache?: BuildCache | undefined;
}

/** Beside the build's other caches (node_modules/.cache/edgefeed/), in a folder of its own. */
export const PHOTO_CACHE = fileURLToPath(new URL("../../node_modules/.cache/edgefeed/images", import.meta.url));

export interface BuildResult {
  corpus: Corpus;
  /** How many documents the Worker serves. */
  documents: number;
  /** What the build changed in an article without refusing it, to print. */
  warnings: Problem[];
  /** How many article files were taken from the cache rather than parsed and rendered again. */
  reused: number;
  /** How many article files were read and hashed, the others known from their stat (src/build/build-cache.ts). */
  hashed: number;
  /** The articles parsed by this build, the others being the cache's. */
  parsed: Article[];
  /** How many threads parsed and rendered them (src/build/article-pool.ts). */
  threads: number;
  /**
   * How many chunks of the stored text there are, how many the threads were given to compress
   * ahead (compressAhead: the articles' chunks, in a cold build), and how many of those the
   * layout took.
   */
  chunks: { total: number; givenToThreads: number; onThreads: number };
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const deflateRawAsync = promisify(deflateRaw);

/**
 * content/ → src/generated/: what `npm run content` and every rebuild under `npm start` do. On a
 * content problem it throws a ContentError naming every problem (an OutputError when a rendered
 * feed fails its check), before writing anything.
 */
export async function buildContent(options: BuildOptions): Promise<BuildResult> {
  const cache = options.cache ?? (await openBuildCache(options));
  if (options.cache) cache.nextBuild();
  // A build that parses every file starts its worker threads now: they load while this one reads.
  // (No files when the folder cannot be read: loadCorpus says why.)
  const pool = ArticlePool.early((await articleNames(options.contentDir).catch(() => [])).length, cache.kept);
  try {
    return await build(options, cache, pool);
  } finally {
    await pool?.close();
  }
}

async function build(options: BuildOptions, cache: BuildCache, pool: ArticlePool | undefined): Promise<BuildResult> {
  const photos = await developPhotos(options.contentDir, { cacheDir: options.photoCacheDir ?? PHOTO_CACHE });
  const warnings: Problem[] = [...photos.warnings];
  // An article's parse holds its photos' sizes and file names: other photos, other entries.
  cache.usePhotos(photos.catalog);
  let threads = 1;
  const corpus = await loadCorpus(options.contentDir, {
    siteUrl: options.siteUrl,
    warn: (w) => warnings.push(w),
    photos: photos.catalog,
    cache,
    beforeParse: async (site, files) => void (threads = await prepareArticles(site, files, photos.catalog, cache, pool)),
  });
  const icon = await readFile(join(options.contentDir, "icon.svg"), "utf8");
  const ahead = threads > 1 ? compressAhead(corpus, cache, pool) : undefined;
  const { documents, groups, groupBytes } = renderSite(corpus, { icon }, { cache });
  const directory = dirname(options.output);
  await mkdir(directory, { recursive: true });
  const layout = layOutText(documents, { groups, groupBytes });
  const { compressed, onThreads } = await compressChunks(layout.chunks, cache, ahead);
  // Where each article's texts went (groups are in the corpus's order), for the next build.
  corpus.articles.forEach((article, i) => cache.place(article, layout.groupPlaces[i]!));
  const generated = generatedFiles(layout, compressed, options.generator);
  // The binary files before the module that refers to their offsets; a build run alone saves its
  // cache (encoding it on this thread) while the thread pool writes them.
  const writing = writeTogether([
    [join(directory, TEXT_FILE), generated.text],
    [join(directory, RANGES_FILE), generated.ranges],
    [options.output, Buffer.from(generated.module)],
  ]);
  const [wrote, saved] = await Promise.allSettled([writing, options.cache ? undefined : cache.save()]);
  if (wrote.status === "rejected") throw wrote.reason;
  await writeFile(join(directory, FEED_MANIFEST_FILE), `${JSON.stringify(feedManifest(corpus, documents), null, 2)}\n`);
  // The photos last: a page never names a photo that is not there, and a photo no article uses
  // any more is removed only once no page names it.
  const used = corpus.articles.flatMap((article) => [...(article.image ? [article.image] : []), ...article.figures]);
  await writeMediaAssets(join(directory, ASSETS_DIR), mediaFiles(used, photos.catalog));
  cache.finish();
  // A cache that could not be saved fails the build only once its output is whole.
  if (saved.status === "rejected") throw saved.reason;
  return { corpus, documents: documents.size, warnings, reused: cache.reused, hashed: cache.hashed, parsed: corpus.articles.filter((article) => !cache.wasReused(article)), threads, chunks: { total: layout.chunks.length, givenToThreads: ahead?.size ?? 0, onThreads } };
}

/**
 * Each chunk compressed: as an earlier build compressed it (the cache), or now. zlib's
 * asynchronous calls run on libuv's thread pool (four threads unless UV_THREADPOOL_SIZE says
 * otherwise), so several cores compress a chunk at a time; one more chunk than there are cores is
 * under way at once, each assembled into one of as many buffers, used again for the next chunk.
 * Assembling every chunk first into an array of its own put tens of megabytes outside V8's heap
 * within a second, and V8 answers that by collecting the whole heap, several times
 * (`node --trace-gc`: "external memory pressure").
 */
async function compressChunks(chunks: readonly TextChunk[], cache: BuildCache, ahead?: Map<string, Promise<Uint8Array | undefined>>): Promise<{ compressed: Uint8Array[]; onThreads: number }> {
  const compressed: Uint8Array[] = [];
  const largest = chunks.reduce((largest, chunk) => Math.max(largest, chunk.byteLength), 0);
  let next = 0;
  let onThreads = 0;
  const lane = async () => {
    let buffer: Uint8Array | undefined;
    for (let i = next++; i < chunks.length; i = next++) {
      const chunk = chunks[i]!;
      const compress = async () => {
        const threads = await ahead?.get(chunk.key);
        if (threads) onThreads++;
        return threads ?? deflateRawAsync(chunk.bytes((buffer ??= new Uint8Array(largest))), DEFLATE);
      };
      compressed[i] = await cache.compressed(chunk, compress);
    }
  };
  await Promise.all(Array.from({ length: availableParallelism() + 1 }, lane));
  return { compressed, onThreads };
}

/**
 * A build that parsed its articles on worker threads (a cold one) has them idle while its own
 * thread assembles the site's documents: they compress the articles' chunks meanwhile. Those
 * chunks are a function of the articles' texts in the corpus's order alone (groupChunks), known
 * before the documents; the site's texts, the rest, are compressed after, as before. Only
 * articles whose texts came from the threads (the cache has their bytes): another one's, or an
 * article whose texts the documents do not all use, would make the layout's chunks other than
 * these, and those are then compressed as usual.
 */
function compressAhead(corpus: Corpus, cache: BuildCache, pool: ArticlePool | undefined): Map<string, Promise<Uint8Array | undefined>> | undefined {
  if (!pool) return undefined;
  const shared = sharedMarkup(corpus.site);
  const groups: Text[][] = [];
  const groupBytes: ((() => Uint8Array) | undefined)[] = [];
  for (const article of corpus.articles) {
    if (cache.wasReused(article)) return undefined;
    // The same texts renderSite is given next (the cache restores an entry once per build).
    const texts = cache.restoredTexts(article, shared);
    if (!texts?.ownBytes) return undefined;
    groups.push(texts.own);
    groupBytes.push(texts.ownBytes);
  }
  return pool.compress(groupChunks(groups, groupBytes));
}

/** The build's cache for these options, from disk. */
export function openBuildCache(options: Pick<BuildOptions, "siteUrl" | "cacheDir">): Promise<BuildCache> {
  return BuildCache.open({ root: ROOT, siteUrl: options.siteUrl, dir: options.cacheDir ?? process.env["EDGEFEED_CACHE_DIR"] });
}

/**
 * Each file written beside its place, then all renamed into place one right after another: a
 * reader never sees half a file, and wrangler dev's watcher (esbuild's, which polls) does not
 * catch a new text.bin beside the old module, which made npm start reload the Worker twice, once
 * with files that disagree. Each file in one write of the thread pool's (continued should it be
 * short), all of them at once: the build's thread is free meanwhile, where tens of megabytes
 * written synchronously held it.
 */
async function writeTogether(files: readonly (readonly [file: string, data: Uint8Array])[]): Promise<void> {
  const temporary = (file: string) => `${file}.${process.pid}.tmp`;
  // Every file opened before any is written: one that cannot be opened leaves no write going.
  const fds: number[] = [];
  try {
    for (const [file] of files) fds.push(openSync(temporary(file), "w"));
  } catch (error) {
    for (const fd of fds) closeSync(fd);
    removeAll(files.slice(0, fds.length).map(([file]) => temporary(file)));
    throw error;
  }
  const written = await Promise.allSettled(files.map(([, data], i) => writeWhole(fds[i]!, data)));
  const failed = written.find((result) => result.status === "rejected");
  if (failed) {
    removeAll(files.map(([file]) => temporary(file)));
    throw failed.reason;
  }
  for (const [file] of files) renameSync(temporary(file), file);
}

function removeAll(files: readonly string[]): void {
  for (const file of files) rmSync(file, { force: true });
}

/**
 * The bytes into an open file, then closed, in as few writes as the system takes: opened by the
 * caller synchronously, so that no round trip through the event loop (busy on this thread) stands
 * before the first write.
 */
function writeWhole(fd: number, bytes: Uint8Array): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const from = (at: number) =>
      write(fd, bytes, at, bytes.byteLength - at, null, (error, written) => {
        if (!error && at + written < bytes.byteLength) return from(at + written);
        try {
          closeSync(fd);
        } catch (closing) {
          error ??= closing as NodeJS.ErrnoException;
        }
        if (error) reject(error);
        else resolve();
      });
    from(0);
  });
}
