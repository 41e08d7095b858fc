import { createHash, hash } from "node:crypto";
import { readFileSync, statSync, type Stats } from "node:fs";
import { readFile } from "node:fs/promises";
import { join, resolve, sep } from "node:path";
import { inflateRawSync } from "node:zlib";
import type { FeedFormat } from "../feed-formats.ts";
import type { Article, Site } from "../model.ts";
import type { GroupPlace, TextChunk } from "../store/encode.ts";
import { JsonEscaped, Text, type KeptTexts, type Part, type Texts } from "../store/text.ts";
import { articleTexts, entityTag, partRun, RUN_BYTES, type ArticleTexts, type RenderedArticle, type SharedMarkup } from "./documents.ts";
import { readCache, writeCache, type CacheBase } from "./cache-file.ts";
import type { Problem, SourceFile } from "./content.ts";
import type { PhotoCatalog } from "./photos.ts";

/** What the build knows of one article file from an earlier run. */
export interface CachedArticle {
  /** The slug the file claims (drafts claim theirs too), if its front matter has a valid one. */
  slug: string | undefined;
  /** The article, or undefined for a draft. */
  article: Article | undefined;
  warnings: Problem[];
}

/** A feed document's head and tail (or whole document, with no items), and whether it failed the feed check. */
export interface FeedShell {
  shell: [string] | [string, string];
  failed: boolean;
}

/**
 * What src/build/article-pool.ts makes of an article file with no problem: its parse and its
 * texts, their bytes included; the article's HTML left out where its texts hold it (StoredArticleTexts.html).
 */
export interface PreparedArticle extends Omit<CachedArticle, "article"> {
  article: (Omit<Article, "html"> & { html?: string }) | undefined;
  texts: StoredArticleTexts | undefined;
}

/**
 * How the cache keeps an article file: its article with the body apart (decoded only when
 * something reads it: as UTF-8 beside it, or among its texts in the compressed chunks when a
 * document carries it as is), and its pages and feed items as texts once rendered.
 */
interface Entry {
  slug: string | undefined;
  article: Omit<Article, "html"> | undefined;
  /** The article's HTML, UTF-8, unless its texts hold it (StoredArticleTexts.html) and have their bytes or are placed. */
  html: Uint8Array | undefined;
  warnings: Problem[];
  texts?: StoredArticleTexts | undefined;
}

/**
 * ArticleTexts (src/build/documents.ts) as the cache keeps them: the article's own texts'
 * lengths and SHA-256 digests (their bytes are in the stored text's chunks, at `place`), and each
 * document's parts as numbers: own text `i` is `2i` as is and `2i + 1` JSON-escaped; the shared
 * markup's text `k` (the page's, then the AMP page's) is `-k - 1`.
 */
export interface StoredArticleTexts {
  /**
   * The numbers above, as 32-bit little-endian integers, each list its length and then its
   * numbers: the own texts' byte lengths; each document's parts, in DOCUMENTS' order; then, for
   * each own text used JSON-escaped, the text and its escape's byte length. One byte array where
   * there were a dozen arrays of numbers: the cache reads thousands of entries at every build, and
   * JSON.parse made every one of those arrays, which the collector then copied.
   */
  numbers: Uint8Array;
  digests: Uint8Array;
  failed: readonly FeedFormat[];
  hasContent: boolean;
  /** Which own text is the article's HTML (article.html), if one is: the entry then keeps it there alone. */
  html?: number | undefined;
  /** The page's and the AMP page's entity tags: a function of the texts above and the site's shared markup. */
  entityTags: readonly [page: string, amp: string];
  /** Each feed item's digest as entity tags take it (documents.ts partRun), RUN_BYTES each in FEED_ITEMS' order: hashed where it was rendered. */
  runs: Uint8Array;
  /**
   * Where the last build put the own texts, one after another, in the stored text's chunks (by
   * key; the cache keeps every chunk of that build compressed): where their bytes are read from,
   * should a chunk that holds them have to be compressed again.
   */
  place?: GroupPlace | undefined;
  /** The own texts' bytes, one after another, until a build has placed them (an article rendered on a worker thread). */
  bytes?: Uint8Array | undefined;
}

/**
 * The build's persistent cache (node_modules/.cache/edgefeed/content/ unless EDGEFEED_CACHE_DIR
 * says otherwise): each article file's parse and rendered pages, keyed by the file's path and
 * bytes, valid only for the inputs it was made with: the build's own code (the bundle hash that
 * scripts/run.mjs gives as EDGEFEED_BUILD_VERSION; without it there is no cache), the locked
 * package versions, the Node.js version (its ICU formats the dates), the site settings, the
 * photos as developed (src/build/photos.ts) and the SITE_URL override. A file that fails its checksum, or was made with other inputs, is ignored
 * and rewritten: the build never reuses what it cannot trust, and its output is the same bytes
 * with or without the cache (test/build/build-cache.test.ts). Saved as a base and a journal of
 * what changed since (src/build/cache-file.ts).
 */
export class BuildCache {
  /** How many article files this build took from the cache. */
  reused = 0;
  readonly #file: string | undefined;
  readonly #inputs: string;
  #previous = new Map<string, Entry>();
  #current = new Map<string, Entry>();
  readonly #keys = new WeakMap<Article, string>();
  /** The article of each entry, made once per entry: npm start's builds share them. */
  readonly #articles = new WeakMap<Entry, Article>();
  readonly #restored = new WeakMap<StoredArticleTexts, ArticleTexts>();
  #reusedArticles = new WeakSet<Article>();
  /** The site settings and photos the entries were made with, by kind. */
  #settings = new Map<string, string>();
  /** Whether anything was made or dropped since the cache was read or saved. */
  #unsaved = false;
  /** What the cache was read from or last saved as: a save writes what differs from it. */
  #base: CacheBase | undefined;
  /**
   * Whether the last build finished (wrote its output): its entries are then all the next build
   * may reuse. Not before any build: the next one reuses what the cache was opened with.
   */
  #finished = false;
  /** Compressed chunks of the stored text by their key (src/store/encode.ts TextChunk), from the last build and this one. */
  #previousChunks = new Map<string, Uint8Array>();
  #currentChunks = new Map<string, Uint8Array>();
  /** Feed documents' shells (src/render/feed-adapter.ts feedShell) by what they are made of, from the last build and this one. */
  #previousShells = new Map<string, FeedShell>();
  #currentShells = new Map<string, FeedShell>();
  /** Article files this build parsed and rendered ahead (src/build/article-pool.ts), by file key. */
  #prepared = new Map<string, Entry>();
  /** Chunks inflated this build, by key, to read texts' bytes from. */
  #inflated = new Map<string, Buffer>();
  /** What the last build and this one saw of each article file they hashed, by its absolute path (sourceFiles). */
  #previousStamps = new Map<string, FileStamp>();
  #currentStamps = new Map<string, FileStamp>();
  /** How many article files this build read and hashed (the others were vouched for by their stat). */
  hashed = 0;
  readonly #now: () => number;

  private constructor(file: string | undefined, inputs: string, now: () => number) {
    this.#file = file;
    this.#inputs = inputs;
    this.#now = now;
  }

  /**
   * The cache for a build with these inputs; an empty one when none can be trusted. `now` is the
   * clock a file's times are compared with when it is hashed (sourceFiles; tests move it).
   */
  static async open(options: { root: string; siteUrl: string | undefined; dir?: string | undefined; now?: () => number }): Promise<BuildCache> {
    const version = process.env["EDGEFEED_BUILD_VERSION"];
    const now = options.now ?? Date.now;
    if (!version) return new BuildCache(undefined, "", now);
    const lockfile = await readFile(join(options.root, "package-lock.json")).catch(() => Buffer.from("no lockfile"));
    const inputs = sha256([version, process.version, sha256([lockfile]), options.siteUrl ?? ""]);
    const file = join(options.dir ?? join(options.root, "node_modules", ".cache", "edgefeed", "content"), "articles.bin");
    const cache = new BuildCache(file, inputs, now);
    // No cache yet, or one that cannot be trusted: start afresh.
    const read = readCache(file, inputs);
    if (read) {
      const { settings, maps } = read.state;
      cache.#settings = new Map(settings);
      cache.#previous = (maps["articles"] ?? new Map()) as Map<string, Entry>;
      cache.#previousChunks = (maps["chunks"] ?? new Map()) as Map<string, Uint8Array>;
      cache.#previousShells = (maps["shells"] ?? new Map()) as Map<string, FeedShell>;
      cache.#previousStamps = (maps["files"] ?? new Map()) as Map<string, FileStamp>;
      cache.#base = read.base;
      // An entry whose texts are in a chunk the cache lacks could not give them back: parsed again.
      for (const [key, entry] of cache.#previous) {
        if (entry.texts?.place?.some((piece) => !cache.#previousChunks.has(piece.key))) cache.#previous.delete(key);
      }
    }
    return cache;
  }

  /**
   * Makes a cache kept in memory by a long-running process (npm start) ready for its next build:
   * what the last build used becomes what this one may reuse, the same objects, so that what was
   * derived from them in memory (an article's feed items) is reused too.
   */
  nextBuild(): void {
    // After a build that failed (a content problem), what it used joins what the last good one
    // did, rather than replacing it: the build after the fix reuses both. The first build keeps
    // what the cache was opened with (npm start's first build reuses what the last run saved).
    const promote = <V>(previous: Map<string, V>, current: Map<string, V>) => (this.#finished ? current : new Map([...previous, ...current]));
    // What the last build used and nothing else is what a save writes: one that dropped entries
    // has something to save even if it made nothing.
    if (!this.#sameSizes()) this.#unsaved = true;
    this.#previous = promote(this.#previous, this.#current);
    this.#current = new Map();
    this.#previousChunks = promote(this.#previousChunks, this.#currentChunks);
    this.#currentChunks = new Map();
    this.#inflated = new Map();
    this.#previousShells = promote(this.#previousShells, this.#currentShells);
    this.#currentShells = new Map();
    this.#previousStamps = promote(this.#previousStamps, this.#currentStamps);
    this.#currentStamps = new Map();
    this.#finished = false;
    this.#prepared = new Map();
    this.reused = 0;
    this.hashed = 0;
    this.#reusedArticles = new WeakSet();
  }

  /** The site settings this build uses: entries made for other settings are dropped. */
  useSite(site: Site): void {
    this.#use("site", JSON.stringify(site));
  }

  /**
   * The photos of the content folder as this build developed them (src/build/photos.ts): an
   * article's parse holds its photos' sizes and file names, so entries made with other photos
   * are dropped.
   */
  usePhotos(catalog: PhotoCatalog): void {
    // Only developed photos: a file that is not one (an article among them) makes any article
    // that names it fail, and a failing article is never cached.
    this.#use("photos", JSON.stringify([...catalog].filter(([, entry]) => !("problem" in entry))));
  }

  #use(kind: string, value: string): void {
    if (this.#settings.get(kind) !== value) {
      this.#previous.clear();
      this.#previousShells.clear();
      this.#unsaved = true;
    }
    this.#settings.set(kind, value);
  }

  /**
   * The article files at `paths` (relative to `contentDir`), each keyed by its bytes' digest,
   * none read yet. A file whose stat vouches for the digest an earlier build took of it
   * (fileStampVouches: git's rule for a clean index entry, the racily clean case included) is keyed
   * by that digest, and read only if something asks for its bytes (an article the cache has no
   * entry for); any other is read and hashed when its bytes or its key are first asked for.
   */
  sourceFiles(contentDir: string, paths: readonly string[]): SourceFile[] {
    const folder = resolve(contentDir);
    // Joined by hand, not by path.join (which normalises the whole path again, thousands of times
    // at every build): `folder` is absolute and normalised, each path a plain relative one.
    const base = folder.endsWith(sep) ? folder : folder + sep;
    return paths.map((path) => {
      const location = base + path;
      const stamp = this.#file && trustStat() ? this.#previousStamps.get(location) : undefined;
      // Read when first read, a file the stat does not vouch for too: a cold build's worker
      // threads start on the first files, read as their batches are posted, while this thread
      // reads the next (src/build/article-pool.ts), not once this thread has read them all.
      let bytes: Buffer | undefined;
      const file = { path } as SourceFile;
      // An own property, so that a copy (a worker thread's message) reads it too.
      Object.defineProperty(file, "bytes", { get: () => (bytes ??= this.#hash(location, file)), enumerable: true });
      if (stamp && fileStampVouches(stamp, statSync(location))) {
        this.#currentStamps.set(location, stamp);
        FILE_KEYS.set(file, `${path}\0${stamp.digest}`);
      }
      return file;
    });
  }

  /** The file's bytes, read now, and its key and stamp from them. */
  #hash(location: string, file: SourceFile): Buffer {
    // The clock and the stat before the read: a change during or after it leaves times past `hashedAt` - RACY_MS.
    const hashedAt = this.#now();
    const stats = statSync(location);
    const bytes = readFileSync(location);
    const digest = hash("sha256", bytes, "hex");
    this.hashed++;
    FILE_KEYS.set(file, `${file.path}\0${digest}`);
    if (this.#file) {
      this.#currentStamps.set(location, { size: stats.size, mtime: stats.mtimeMs, ctime: stats.ctimeMs, ino: stats.ino, dev: stats.dev, hashedAt, digest });
      // A new stamp, if only a later hashing time, is worth a save: the one kept would not vouch
      // (changed, or racy when taken), and every later build would read the file again.
      this.#unsaved = true;
    }
    return bytes;
  }

  /** What an earlier build made of this file, if the file is unchanged, or what this build prepared of it. */
  article(file: SourceFile): CachedArticle | undefined {
    const key = fileKey(file);
    const previous = this.#file ? this.#previous.get(key) : undefined;
    const entry = previous ?? this.#prepared.get(key);
    if (!entry) return undefined;
    if (previous) this.reused++;
    let article = this.#articles.get(entry);
    if (!article && entry.article) {
      article = this.#keptArticle(entry, entry.article);
      this.#articles.set(entry, article);
    }
    this.#keep(key, entry, article);
    if (article && previous) this.#reusedArticles.add(article);
    return { slug: entry.slug, article, warnings: entry.warnings };
  }

  /** An entry's article, its HTML decoded when first read. */
  #keptArticle(entry: Entry, stored: Omit<Article, "html">): Article {
    let decoded: string | undefined;
    const article = keptArticle(stored);
    KEPT_HTML.set(article, () => (decoded ??= this.#html(entry).toString("utf8")));
    return article;
  }

  /** An entry's article HTML: kept apart, or where its texts are. */
  #html(entry: Entry): Buffer {
    const { html, texts } = entry;
    if (html) return Buffer.from(html.buffer, html.byteOffset, html.byteLength);
    if (texts?.html === undefined || !(texts.bytes || texts.place)) throw new Error("the build cache lost an article's HTML");
    const lengths = ownLengths(texts.numbers);
    const from = lengths.slice(0, texts.html).reduce((sum, length) => sum + length, 0);
    const all = texts.bytes ? Buffer.from(texts.bytes.buffer, texts.bytes.byteOffset, texts.bytes.byteLength) : this.#placedBytes(texts.place!);
    return all.subarray(from, from + lengths[texts.html]!);
  }

  /** How many article files the cache holds from earlier builds (0: a build parses every file). */
  get kept(): number {
    return this.#file ? this.#previous.size : 0;
  }

  /** Whether an earlier build's entry serves this file (the file is unchanged since). */
  has(file: SourceFile): boolean {
    // Without entries, the file is not read to be keyed (a cold build reads it as it is posted).
    return this.#file !== undefined && this.#previous.size > 0 && this.#previous.has(fileKey(file));
  }

  /**
   * An article file parsed and rendered ahead of the corpus (src/build/article-pool.ts), for
   * article() and articleTexts() to serve as they serve the cache's entries.
   */
  prepare(file: SourceFile, prepared: PreparedArticle): void {
    const { slug, article, warnings, texts } = prepared;
    let stored: Entry["article"];
    let html: Uint8Array | undefined;
    if (article) {
      const { html: body, ...rest } = article;
      stored = rest;
      // The HTML apart only when the texts lack it: in a cold build, every body encoded for nothing.
      if (texts?.html === undefined) {
        if (body === undefined) throw new Error(`an article worker answered without the HTML of ${file.path}`);
        html = Buffer.from(body, "utf8");
      }
    }
    const entry: Entry = { slug, article: stored, html, warnings, texts };
    if (article && stored) this.#articles.set(entry, hasHtml(article) ? article : this.#keptArticle(entry, stored));
    this.#prepared.set(fileKey(file), entry);
    this.#unsaved = true;
  }

  /**
   * A prepared article's texts restored now, as articleTexts() would restore them later: a cold
   * build's thread does it while the worker threads still work, not after them.
   */
  restorePrepared(file: SourceFile, shared: SharedMarkup): ArticleTexts | undefined {
    const stored = this.#prepared.get(fileKey(file))?.texts;
    return stored?.bytes ? this.#restore(stored, shared) : undefined;
  }

  /** An article's texts as the cache keeps them (with their bytes, or placed), restored once; nothing rendered. */
  restoredTexts(article: Article, shared: SharedMarkup): ArticleTexts | undefined {
    const key = this.#keys.get(article);
    const stored = key === undefined ? undefined : this.#current.get(key)?.texts;
    return stored && (stored.bytes || stored.place) ? this.#restore(stored, shared) : undefined;
  }

  /** An entry's texts restored once: npm start's builds share one restore of it (the shared markup is the same objects). */
  #restore(stored: StoredArticleTexts, shared: SharedMarkup): ArticleTexts {
    let restored = this.#restored.get(stored);
    if (!restored) this.#restored.set(stored, (restored = restore(stored, (place) => this.#placedBytes(place), shared)));
    return restored;
  }

  /** Whether this build took the article from the cache rather than parsing its file. */
  wasReused(article: Article): boolean {
    return this.#reusedArticles.has(article);
  }

  /** Keeps what this build made of a file that had no problem. */
  remember(file: SourceFile, { slug, article, warnings }: CachedArticle): void {
    if (!this.#file) return;
    this.#unsaved = true;
    let stored: Entry["article"];
    if (article) {
      const { html: _html, ...rest } = article;
      stored = rest;
    }
    const entry: Entry = { slug, article: stored, html: article ? Buffer.from(article.html, "utf8") : undefined, warnings };
    if (article) this.#articles.set(entry, article);
    this.#keep(fileKey(file), entry, article);
  }

  /** An article's pages and feed items as texts: from the cache, or rendered now and kept. */
  articleTexts(article: Article, texts: Texts, shared: SharedMarkup, render: () => RenderedArticle): ArticleTexts {
    // texts: the article's own registry, so that its texts are its own even where another
    // article's are the same bytes: each article's chunks are then a function of it alone.
    const restored = this.restoredTexts(article, shared);
    if (restored) return restored;
    const key = this.#keys.get(article);
    const entry = key === undefined ? undefined : this.#current.get(key);
    const result = articleTexts(texts, shared, render());
    if (!entry) return result;
    entry.texts = store(result, shared);
    this.#touch(entry);
    return { ...result, entityTags: entry.texts.entityTags };
  }

  /**
   * A chunk of the stored text compressed: as an earlier build compressed the same bytes, or by
   * `compress` now. The key is the chunk's digest (src/store/encode.ts), so equal keys are equal bytes.
   */
  async compressed(chunk: TextChunk, compress: () => Promise<Uint8Array>): Promise<Uint8Array> {
    let bytes = this.#previousChunks.get(chunk.key) ?? this.#currentChunks.get(chunk.key);
    if (!bytes) {
      bytes = await compress();
      this.#unsaved = true;
    }
    if (this.#file) this.#currentChunks.set(chunk.key, bytes);
    return bytes;
  }

  /** A feed document's shell: an earlier build's for the same key (the same site), or made now. */
  feedShell(key: string, make: () => FeedShell): FeedShell {
    let shell = this.#previousShells.get(key) ?? this.#currentShells.get(key);
    if (!shell) {
      shell = make();
      this.#unsaved = true;
    }
    if (this.#file) this.#currentShells.set(key, shell);
    return shell;
  }

  /** Where this build put an article's texts in the stored text (layOutText's groupPlaces), for the next build to find them. */
  place(article: Article, place: GroupPlace): void {
    const key = this.#keys.get(article);
    const entry = key === undefined ? undefined : this.#current.get(key);
    const texts = entry?.texts;
    if (!texts) return;
    // Without a file the cache keeps no chunks (compressed()): the bytes stay where they are read from.
    if (texts.bytes && this.#file) {
      texts.bytes = undefined;
      this.#touch(entry);
    }
    // The HTML is among the texts, which the stored chunks hold: the entry need not keep it twice.
    if (texts.html !== undefined && entry.html) {
      entry.html = undefined;
      this.#touch(entry);
    }
    if (texts.place && samePlace(texts.place, place)) return;
    texts.place = place;
    this.#touch(entry);
  }

  /** An entry changed in place: a save writes it again. */
  #touch(entry: Entry): void {
    this.#base?.touched.add(entry);
    this.#unsaved = true;
  }

  /** The bytes at `place`, inflated from the chunks this build or the last one compressed. */
  #placedBytes(place: GroupPlace): Buffer {
    return Buffer.concat(
      place.map(({ key, offset, length }) => {
        let inflated = this.#inflated.get(key);
        if (!inflated) {
          const compressed = this.#previousChunks.get(key) ?? this.#currentChunks.get(key);
          if (!compressed) throw new Error(`the build cache lacks the chunk ${key} that holds an article's texts`);
          this.#inflated.set(key, (inflated = inflateRawSync(compressed)));
        }
        return inflated.subarray(offset, offset + length);
      }),
    );
  }

  /** Marks this build as finished: the next one reuses what it used, and only that. */
  finish(): void {
    this.#finished = true;
  }

  /**
   * Writes what this build used, and nothing else, for the next build: what differs from the
   * file read or last written (src/build/cache-file.ts); nothing when nothing does.
   */
  async save(): Promise<void> {
    if (!this.#file || this.#settings.size === 0) return;
    if (!this.#unsaved && this.#sameSizes()) return;
    const maps = { articles: this.#current, chunks: this.#currentChunks, shells: this.#currentShells, files: this.#currentStamps };
    this.#base = await writeCache(this.#file, { inputs: this.#inputs, settings: [...this.#settings], maps }, this.#base);
    this.#unsaved = false;
  }

  /** Whether this build used as many entries, chunks and shells as the last (with nothing made, the same ones). */
  #sameSizes(): boolean {
    return (
      this.#current.size === this.#previous.size &&
      this.#currentChunks.size === this.#previousChunks.size &&
      this.#currentShells.size === this.#previousShells.size &&
      this.#currentStamps.size === this.#previousStamps.size
    );
  }

  #keep(key: string, entry: Entry, article: Article | undefined): void {
    this.#current.set(key, entry);
    if (article) this.#keys.set(article, key);
  }
}

/**
 * A kept article: its fields, and `html` through one getter for every article, its decoding
 * looked up. Every kept article then has one hidden class with its fields in place, and reads of
 * them (thousands of articles, in every listing and feed) stay on V8's fast path. A getter of each
 * article's own gave each a hidden class of its own, and so did a copy by spread (`{ ...stored }`)
 * even with the getter shared: every read went through the megamorphic path; a getter within the
 * object literal keeps the properties in a dictionary.
 */
function keptArticle(stored: Omit<Article, "html">): Article {
  const article = {
    slug: stored.slug,
    title: stored.title,
    author: stored.author,
    summary: stored.summary,
    tags: stored.tags,
    published: stored.published,
    updated: stored.updated,
    url: stored.url,
    source: stored.source,
    image: stored.image,
    figures: stored.figures,
  } satisfies { [K in Exclude<keyof Article, "html">]-?: unknown };
  return Object.defineProperty(article as Article, "html", { get: keptHtml, enumerable: true });
}

/** The getter of a kept article's `html`: decodes it on first use (BuildCache.article). */
function keptHtml(this: Article): string {
  return KEPT_HTML.get(this)!();
}

const KEPT_HTML = new WeakMap<Article, () => string>();

function hasHtml(article: PreparedArticle["article"]): article is Article {
  return article?.html !== undefined;
}

function samePlace(a: GroupPlace, b: GroupPlace): boolean {
  return a.length === b.length && a.every((piece, i) => piece.key === b[i]!.key && piece.offset === b[i]!.offset && piece.length === b[i]!.length);
}

const DOCUMENTS = ["page", "amp", "rss", "atom", "json", "teaser"] as const;
/** The order `runs` keeps feed items' digests in (restore reads them by index). */
const FEED_ITEMS = ["rss", "atom", "json"] as const satisfies readonly FeedFormat[];

export function store(texts: ArticleTexts, shared: SharedMarkup): StoredArticleTexts {
  const ownIndex = new Map(texts.own.map((text, i) => [text, i]));
  const sharedIndex = new Map([...shared.page, ...shared.amp].map((text, k) => [text, k]));
  const escapedLengths = new Map<number, number>();
  const code = (part: Part): number => {
    const escaped = part instanceof JsonEscaped;
    const text = escaped ? part.text : part;
    const own = ownIndex.get(text);
    if (own === undefined) return -sharedIndex.get(text)! - 1;
    if (escaped) escapedLengths.set(own, part.byteLength);
    return 2 * own + (escaped ? 1 : 0);
  };
  const parts = { page: texts.page, amp: texts.amp, ...texts.items, teaser: texts.teaser };
  const documents = DOCUMENTS.map((name) => parts[name].map(code));
  return {
    numbers: packNumbers([texts.own.map((text) => text.byteLength), ...documents, [...escapedLengths].flat()]),
    digests: Buffer.concat(texts.own.map((text) => text.digest)),
    failed: texts.failed,
    hasContent: texts.hasContent,
    html: texts.html && ownIndex.get(texts.html),
    entityTags: texts.entityTags ?? [entityTag(texts.page), entityTag(texts.amp)],
    runs: Buffer.concat(
      FEED_ITEMS.map((format) => {
        const { digests, at } = texts.runs?.[format] ?? partRun(texts.items[format]);
        return digests.subarray(at, at + RUN_BYTES);
      }),
    ),
  };
}

/**
 * An article's texts as the cache kept them, their bytes read (from `placed`) only if something
 * needs them. Once per kept article at every build (thousands): plain loops, and nothing made per
 * article that is the same for all of them (the shared markup's texts in one list).
 */
function restore(stored: StoredArticleTexts, placed: (place: GroupPlace) => Buffer, shared: SharedMarkup): ArticleTexts {
  const { bytes: kept, place, numbers, digests, runs } = stored;
  let bytes: Buffer | undefined;
  const all = () => (bytes ??= kept ? Buffer.from(kept.buffer, kept.byteOffset, kept.byteLength) : placed(place!));
  // One object the article's texts share, not a function and a view of the digests per text.
  const group: KeptTexts = { digests: Buffer.isBuffer(digests) ? digests : Buffer.from(digests.buffer, digests.byteOffset, digests.byteLength), bytes: all };
  // The lists of `numbers`, in store's order, read in place.
  const count = int32(numbers, 0);
  const own = new Array<Text>(count);
  let at = 4;
  for (let i = 0, from = 0; i < count; i++, at += 4) {
    const length = int32(numbers, at);
    own[i] = Text.kept(length, group, i, from);
    from += length;
  }
  const documentsAt = at;
  for (let d = 0; d < DOCUMENTS.length; d++) at += 4 + 4 * int32(numbers, at);
  const escapesAt = at;
  let common = SHARED_PARTS.get(shared);
  if (!common) SHARED_PARTS.set(shared, (common = [...shared.page, ...shared.amp]));
  let next = documentsAt;
  // The next document's parts (store writes them in DOCUMENTS' order).
  const parts = (): Part[] => {
    const length = int32(numbers, next);
    const out = new Array<Part>(length);
    for (let i = 0; i < length; i++) {
      const code = int32(numbers, next + 4 + 4 * i);
      if (code < 0) out[i] = common[-code - 1]!;
      else if ((code & 1) === 0) out[i] = own[code >> 1]!;
      else out[i] = new JsonEscaped(own[code >> 1]!, undefined, escapedLength(numbers, escapesAt, code >> 1));
    }
    next += 4 + 4 * length;
    return out;
  };
  const read = {} as Record<(typeof DOCUMENTS)[number], Part[]>;
  for (const name of DOCUMENTS) read[name] = parts();
  return {
    page: read.page,
    amp: read.amp,
    items: { rss: read.rss, atom: read.atom, json: read.json },
    teaser: read.teaser,
    failed: stored.failed,
    hasContent: stored.hasContent,
    own,
    ownBytes: all,
    entityTags: stored.entityTags,
    // In FEED_ITEMS' order, as store writes them.
    runs: { rss: { digests: runs, at: 0 }, atom: { digests: runs, at: RUN_BYTES }, json: { digests: runs, at: 2 * RUN_BYTES } },
  };
}

/** Lists of 32-bit integers as StoredArticleTexts' `numbers` keeps them: each list's length, then its numbers, little-endian. */
function packNumbers(lists: readonly (readonly number[])[]): Buffer {
  let size = 0;
  for (const list of lists) size += 1 + list.length;
  // Not from Node's pool of small buffers (allocUnsafe's): a worker thread posts these, and
  // postMessage copies a byte array's whole ArrayBuffer (src/build/article-pool.ts answer).
  const packed = Buffer.alloc(4 * size);
  let at = 0;
  for (const list of lists) {
    at = packed.writeInt32LE(list.length, at);
    for (const number of list) at = packed.writeInt32LE(number, at);
  }
  return packed;
}

/** The 32-bit little-endian integer at `at`: read in place from any byte array (a worker thread's answer is no Buffer). */
function int32(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);
}

/** The own texts' byte lengths, from `numbers`. */
function ownLengths(numbers: Uint8Array): number[] {
  return Array.from({ length: int32(numbers, 0) }, (_, i) => int32(numbers, 4 + 4 * i));
}

/** The byte length of own text `text`'s JSON escape, if the list of escapes at `at` of `numbers` has it. */
function escapedLength(numbers: Uint8Array, at: number, text: number): number | undefined {
  const end = at + 4 + 4 * int32(numbers, at);
  for (let pair = at + 4; pair < end; pair += 8) if (int32(numbers, pair) === text) return int32(numbers, pair + 4);
  return undefined;
}

/** The shared markup's texts, the page's then the AMP page's, as part codes name them (store). */
const SHARED_PARTS = new WeakMap<SharedMarkup, Part[]>();

/**
 * What a build saw of an article file when it hashed its bytes: its stat then (times in
 * milliseconds, as Node.js gives them, with their fractions), the time it was read, and the
 * bytes' SHA-256 (hex).
 */
export interface FileStamp {
  size: number;
  mtime: number;
  ctime: number;
  ino: number;
  dev: number;
  hashedAt: number;
  digest: string;
}

/**
 * A file whose last change is at least this long before it was hashed is, while its stat is the
 * same, the bytes that were hashed: a later write moves its modification and change times past
 * the hashing, however coarse the file system's clock (FAT's is 2 s), and the change time cannot
 * be set back (touch, tar and rsync set the modification time only). A file changed closer to its
 * hashing than that is "racily clean" (git's index has the same case: Documentation/technical/racy-git.txt):
 * a second write in the same tick would leave every time as it was, so it is read again.
 */
const RACY_MS = 2000;

/**
 * Whether a file's stat may vouch for its bytes: not under EDGEFEED_TRUST_STAT=0, for a content
 * folder on a file system whose times cannot be trusted (a network share that caches attributes,
 * a clock far from the machine's): every file is then read and hashed at every build.
 */
function trustStat(): boolean {
  return process.env["EDGEFEED_TRUST_STAT"] !== "0";
}

/** Whether `stats` (the file now) vouches for the digest in `stamp`: the same file, size and times, last changed well before it was hashed. */
export function fileStampVouches(stamp: FileStamp, stats: Stats): boolean {
  return (
    stats.size === stamp.size &&
    stats.mtimeMs === stamp.mtime &&
    stats.ctimeMs === stamp.ctime &&
    stats.ino === stamp.ino &&
    stats.dev === stamp.dev &&
    Math.max(stamp.mtime, stamp.ctime) <= stamp.hashedAt - RACY_MS
  );
}

/** The key of an article file's entry: its path and its bytes' SHA-256, hashed once per file read. */
function fileKey(file: SourceFile): string {
  // A file from sourceFiles has its key already, or once its bytes are read.
  let key = FILE_KEYS.get(file);
  if (key !== undefined) return key;
  const bytes = file.bytes;
  // One call per file (thousands of small files, each hashed at every build), over its bytes as
  // read: joining the path to them first copied every file (about 27 MB at 4,000 articles).
  key = FILE_KEYS.get(file) ?? `${file.path}\0${hash("sha256", bytes, "hex")}`;
  FILE_KEYS.set(file, key);
  return key;
}

const FILE_KEYS = new WeakMap<SourceFile, string>();

function sha256(parts: readonly (string | Uint8Array)[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest("hex");
}
