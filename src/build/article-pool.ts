import { availableParallelism } from "node:os";
import { isMainThread, parentPort, Worker } from "node:worker_threads";
import type { Site } from "../model.ts";
import { writeFeedItems } from "../render/feed-items.ts";
import { compressChunk, type ChunkRun, type TextChunk } from "../store/encode.ts";
import { Texts } from "../store/text.ts";
import { store, type BuildCache, type PreparedArticle } from "./build-cache.ts";
import { parseArticleFile, type SourceFile } from "./content.ts";
import { articleTexts, renderArticle, sharedMarkup } from "./documents.ts";
import type { PhotoCatalog } from "./photos.ts";

/**
 * Parses and renders the article files the cache lacks, on every core, into the cache; returns
 * how many threads did it (1 when the build's own thread is left to do it as it goes).
 *
 * Parsing and rendering an article (Markdown, the HTML normaliser, its page, AMP page and feed
 * items, cutting them into texts and hashing those) is most of a build's work, and an article's alone: so the files the
 * cache lacks are shared among worker threads, one per core, each doing the whole of an
 * article, and the build goes on with the results as if the cache had held them
 * (BuildCache.prepare). A file with a problem is left to the build's own parse, which reports it
 * in order with every other problem.
 *
 * EDGEFEED_THREADS sets how many threads at most (1: none besides the build's own). The workers
 * run src/build/article-worker.ts, bundled by scripts/run.mjs beside the build's own
 * bundle (named in EDGEFEED_ARTICLE_WORKER); without one (under vitest), or for a few files, the
 * work stays on this thread: the same functions, the same bytes.
 */
export async function prepareArticles(site: Site, files: readonly SourceFile[], photos: PhotoCatalog, cache: BuildCache, started?: ArticlePool): Promise<number> {
  cache.useSite(site);
  const missing = files.filter((file) => !cache.has(file));
  const { bundle, threads } = poolFor(missing.length);
  if (!bundle || threads < 2) {
    await started?.close();
    return 1;
  }
  const batches: SourceFile[][] = [];
  for (let at = 0; at < missing.length; at += BATCH) batches.push(missing.slice(at, at + BATCH));
  const pool = started ?? new ArticlePool(bundle, threads);
  const shared = sharedMarkup(site);
  try {
    for (const worker of pool.workers) worker.postMessage({ site, photos } satisfies Setup);
    await Promise.all(
      pool.workers.map(async (worker) => {
        let batch = batches.shift();
        let answer = batch && pool.ask(worker, batch);
        while (batch && answer) {
          const [answered, results] = [batch, await answer];
          // The thread's next batch first: it works on it while this thread keeps the answers
          // (and restores their texts, which it would otherwise do after the threads).
          batch = batches.shift();
          answer = batch && pool.ask(worker, batch);
          try {
            answered.forEach((file, i) => {
              const prepared = results[i];
              if (!prepared) return;
              cache.prepare(file, prepared);
              cache.restorePrepared(file, shared);
            });
          } catch (error) {
            // The batch posted meanwhile fails too once the threads are stopped: not this error's cause.
            answer?.catch(() => {});
            throw error;
          }
        }
      }),
    );
  } finally {
    // A pool started ahead stays for the build to use again (compressAhead) and close.
    if (pool !== started) await pool.close();
  }
  return pool.workers.length;
}

/**
 * The worker threads, started: each loads its bundle (compiling it takes a few hundred
 * milliseconds) and waits for the site and the photos, then for files.
 */
export class ArticlePool {
  readonly workers: Worker[];
  #closed: Promise<unknown> | undefined;
  /** Why a thread stopped, should it stop before it is asked anything (its bundle failed to load). */
  readonly #stopped = new Map<Worker, Error>();

  constructor(bundle: string, threads: number) {
    this.workers = [];
    try {
      for (let i = 0; i < threads; i++) {
        const worker = new Worker(bundle, { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
        // A stopped thread answers nothing more: the chunks it was given are the build's again.
        worker.on("error", (error) => {
          this.#stopped.set(worker, error);
          this.#giveUp(worker);
        });
        worker.on("exit", (code) => {
          if (!this.#stopped.has(worker)) this.#stopped.set(worker, new Error(`an article worker stopped (exit code ${code}) before answering`));
          this.#giveUp(worker);
        });
        worker.on("messageerror", () => this.#giveUp(worker));
        this.workers.push(worker);
      }
    } catch (error) {
      // A thread that could not start: those that did are not left running.
      void this.close();
      throw error;
    }
  }

  /** The answers of `worker` for `files`, in order. */
  ask(worker: Worker, files: readonly SourceFile[]): Promise<(PreparedArticle | undefined)[]> {
    const stopped = this.#stopped.get(worker);
    return stopped ? Promise.reject(stopped) : ask(worker, files);
  }

  /**
   * Starts the threads before the build has read the content, so that they load their bundle
   * while it does, when the build will parse nearly every file: `articles` of them, none in the
   * cache (a cold build; a warm one would rather not spend the CPU). Undefined otherwise.
   */
  static early(articles: number, cached: number): ArticlePool | undefined {
    const { bundle, threads } = poolFor(articles);
    if (!bundle || threads < 2 || cached > 0) return undefined;
    return new ArticlePool(bundle, threads);
  }

  /**
   * Each chunk's bytes compressed as the build compresses them (DEFLATE), on the threads, by
   * key: all of them given now (runs of shared memory, not copies), so the threads work through
   * them while the build's own thread goes on with other things. A promise holds undefined when
   * its thread stopped before it answered (the build then compresses that chunk itself).
   */
  compress(chunks: readonly TextChunk[]): Map<string, Promise<Uint8Array | undefined>> {
    const compressed = new Map<string, Promise<Uint8Array | undefined>>();
    // Threads that stopped (or a pool closed) would never answer, nor say again that they stopped.
    const workers = this.#closed ? [] : this.workers.filter((worker) => !this.#stopped.has(worker));
    if (workers.length === 0) return compressed;
    // A thread's queue, in bytes: each chunk goes to the thread with the least to do.
    const queued = workers.map(() => 0);
    for (const chunk of chunks) {
      const runs = chunk.runs();
      // Only runs of shared memory (the threads' answers) are given without being copied.
      if (compressed.has(chunk.key) || !runs?.every(([bytes]) => bytes.buffer instanceof SharedArrayBuffer)) continue;
      const id = this.#nextJob++;
      const thread = queued.indexOf(Math.min(...queued));
      queued[thread]! += chunk.byteLength;
      const worker = workers[thread]!;
      compressed.set(chunk.key, new Promise<Uint8Array | undefined>((resolve) => this.#jobs.set(id, { worker, resolve })));
      this.#listen(worker);
      worker.postMessage({ compress: id, runs, byteLength: chunk.byteLength } satisfies CompressJob);
    }
    return compressed;
  }

  #nextJob = 0;
  /** Chunks given to a thread to compress, by job number, until it answers or stops. */
  readonly #jobs = new Map<number, { worker: Worker; resolve: (bytes: Uint8Array | undefined) => void }>();
  readonly #listening = new WeakSet<Worker>();

  /** Takes a thread's compressed chunks as they come. */
  #listen(worker: Worker): void {
    if (this.#listening.has(worker)) return;
    this.#listening.add(worker);
    worker.on("message", (message: unknown) => {
      if (!isCompressed(message)) return;
      this.#jobs.get(message.compressed)?.resolve(message.bytes);
      this.#jobs.delete(message.compressed);
    });
  }

  /** A thread's chunks still to compress, given up: undefined for each. */
  #giveUp(worker: Worker): void {
    for (const [id, job] of this.#jobs) {
      if (job.worker !== worker) continue;
      job.resolve(undefined);
      this.#jobs.delete(id);
    }
  }

  /** Stops the threads (again: nothing more). */
  close(): Promise<unknown> {
    return (this.#closed ??= Promise.all(this.workers.map((worker) => worker.terminate())));
  }
}

/** A chunk to compress (ArticlePool.compress), and the answer. */
interface CompressJob {
  compress: number;
  runs: ChunkRun[];
  byteLength: number;
}

interface Compressed {
  compressed: number;
  bytes: Uint8Array;
}

function isCompressed(message: unknown): message is Compressed {
  return typeof message === "object" && message !== null && "compressed" in message;
}

/** What a worker is told first: what every article it parses belongs to. */
interface Setup {
  site: Site;
  photos: PhotoCatalog;
}

/**
 * The threads' bundle (none under vitest, or on a worker thread) and how many threads are worth
 * starting for `files` to parse: EDGEFEED_THREADS or one per core, each with FILES_PER_THREAD.
 */
function poolFor(files: number): { bundle: string | undefined; threads: number } {
  const bundle = isMainThread ? process.env["EDGEFEED_ARTICLE_WORKER"] : undefined;
  return { bundle, threads: Math.min(threadLimit(), Math.floor(files / FILES_PER_THREAD)) };
}

/** EDGEFEED_THREADS, or one thread per core. */
function threadLimit(): number {
  const asked = process.env["EDGEFEED_THREADS"];
  if (asked === undefined || asked === "") return availableParallelism();
  const threads = Number(asked);
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`EDGEFEED_THREADS must be a whole number of threads, 1 or more (1: no worker threads), not "${asked}"`);
  return threads;
}

/** Each thread gets at least this many files: fewer are not worth its start (loading the bundle). */
const FILES_PER_THREAD = 100;
/** Files sent to a worker at a time: small enough to share the work evenly. */
const BATCH = 25;
/**
 * A worker's young generation, where an article's short-lived objects (tokens, trees, the
 * strings of its pages) are made and collected: larger than a worker's default, it is scavenged
 * less often and promotes less of an article still in progress to the old generation; much
 * larger, it costs again (measured on the bench corpus with real workers, 16 to 144 MB against
 * the default: the commit that set it has the figures).
 */
const YOUNG_GENERATION_MB = 32;

function ask(worker: Worker, files: readonly SourceFile[]): Promise<(PreparedArticle | undefined)[]> {
  return new Promise((resolve, reject) => {
    const stop = () => {
      worker.off("message", done);
      worker.off("error", fail);
      worker.off("messageerror", fail);
      worker.off("exit", exited);
    };
    const fail = (error: unknown) => {
      stop();
      reject(error instanceof Error ? error : new Error(`an article worker failed: ${String(error)}`));
    };
    const exited = (code: number) => fail(new Error(`an article worker stopped (exit code ${code}) before answering`));
    const done = (results: (PreparedArticle | undefined)[]) => {
      // A batch's answer is an array; a compressed chunk's (ArticlePool.compress) is not.
      if (!Array.isArray(results)) return;
      stop();
      resolve(results);
    };
    // Every file read before the batch is copied (BuildCache.sourceFiles reads a file when its
    // bytes are first read): a short file's bytes are a view of Node's shared 8 KiB pool, which
    // the copy takes once, when it meets the first view of it; a file read during the copy would
    // land in the pool after that, and the thread would get what the pool held before. Before
    // listening, too: a file that cannot be read leaves nothing listening.
    for (const file of files) void file.bytes;
    worker.on("message", done);
    worker.once("error", fail);
    worker.once("messageerror", fail);
    worker.once("exit", exited);
    worker.postMessage(files);
  });
}

/**
 * Each article file parsed and rendered into its texts, their bytes and digests (undefined for a
 * file with a problem), one stage at a time over the whole batch: the files parsed, their
 * feed items written together (`feed` takes about as long over each document it writes as over
 * an item: src/render/feed-adapter.ts writeItems), then each article rendered, cut into texts and
 * stored. Stage by stage, each stage's code runs on many articles in a row instead of all of it
 * on one article at a time: less CPU per article for the same work (an in-process A/B of worker
 * batches of the bench corpus; the figures are in the commit that made it so).
 */
export function prepareArticleBatch(files: readonly SourceFile[], site: Site, photos: PhotoCatalog): (PreparedArticle | undefined)[] {
  const parsed = files.map((file) => parseArticleFile(file, site, photos));
  const articles = parsed.map(({ article, problems }) => (problems.length === 0 ? article : undefined));
  writeFeedItems(articles.filter((article) => article !== undefined));
  const shared = sharedMarkup(site);
  const rendered = articles.map((article) => article && renderArticle(site, article));
  const texts = rendered.map((one) => one && articleTexts(new Texts({ encode: true }), shared, one));
  return parsed.map(({ slug, article, warnings, problems }, i) => {
    if (problems.length > 0) return undefined;
    const own = texts[i];
    if (!article || !own) return { slug, article, warnings, texts: undefined };
    return { slug, article, warnings, texts: { ...store(own, shared), bytes: joined(own.own.map((text) => text.bytes)) } };
  });
}

/**
 * The bytes one after another, in an array of their own (Buffer.concat puts short ones in its
 * shared pool), of shared memory: posted to the build's thread without a copy, and given back to
 * a thread to compress without one either (ArticlePool.compress).
 */
function joined(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.byteLength;
  const bytes = new Uint8Array(new SharedArrayBuffer(length));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.byteLength;
  }
  return bytes;
}

/**
 * A batch's answer as it is posted, and the memory handed over with it. postMessage copies a byte
 * array's whole ArrayBuffer, and Buffer.concat puts each article's short digests and runs in
 * Node's 8 KiB pool: posted as they were, each would carry, and keep alive on the build's thread,
 * 8 KiB for its few hundred bytes; each article's numbers (an array of their own) would arrive as
 * an ArrayBuffer each. The digests, runs and numbers of the batch go in one array of their own
 * instead, transferred, and each article's bytes are shared memory (`joined`): not copied either.
 */
function answer(results: readonly (PreparedArticle | undefined)[]): [results: (PreparedArticle | undefined)[], transfer: ArrayBuffer[]] {
  let length = 0;
  for (const result of results) if (result?.texts) length += result.texts.digests.byteLength + result.texts.runs.byteLength + result.texts.numbers.byteLength;
  const small = new Uint8Array(length);
  const transfer = [small.buffer];
  let at = 0;
  const copied = (bytes: Uint8Array) => {
    const copy = small.subarray(at, at + bytes.byteLength);
    copy.set(bytes);
    at += bytes.byteLength;
    return copy;
  };
  const answered = results.map((result) => {
    if (!result?.texts) return result;
    const { digests, runs, numbers } = result.texts;
    // The body, where one of the texts is (texts.html), is read from their bytes if read at all.
    const article = result.article && result.texts.html !== undefined ? withoutHtml(result.article) : result.article;
    return { ...result, article, texts: { ...result.texts, digests: copied(digests), runs: copied(runs), numbers: copied(numbers) } };
  });
  return [answered, transfer];
}

function withoutHtml<T extends { html?: string }>(article: T): Omit<T, "html"> {
  const { html: _html, ...rest } = article;
  return rest;
}

/**
 * What a worker runs (src/build/article-worker.ts): takes the site and photos, then answers each
 * batch of files it is sent, and compresses the chunks it is sent.
 */
export function serveArticleWorker(): void {
  let setup: Setup | undefined;
  let chunk: Uint8Array | undefined;
  parentPort!.on("message", (message: Setup | SourceFile[] | CompressJob) => {
    if ("compress" in message) {
      chunk = chunk && chunk.byteLength >= message.byteLength ? chunk : new Uint8Array(message.byteLength);
      let at = 0;
      for (const [bytes, from, to] of message.runs) {
        chunk.set(bytes.subarray(from, to), at);
        at += to - from;
      }
      // An array of its own, transferred: deflateRawSync's output may be a view of a larger one.
      const bytes = new Uint8Array(compressChunk(chunk.subarray(0, message.byteLength)));
      parentPort!.postMessage({ compressed: message.compress, bytes } satisfies Compressed, [bytes.buffer]);
      return;
    }
    if (!Array.isArray(message)) {
      setup = message;
      return;
    }
    const { site, photos } = setup!;
    const [results, transfer] = answer(prepareArticleBatch(message, site, photos));
    parentPort!.postMessage(results, transfer);
  });
}
