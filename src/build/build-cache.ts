import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { deserialize, serialize } from "node:v8";
import type { Article, Site } from "../model.ts";
import type { Problem, SourceFile } from "./content.ts";
import type { PhotoCatalog } from "./photos.ts";

/** What the build keeps of one article file between runs: its parse and its two pages. */
export interface CachedArticle {
  /** The slug the file claims (drafts claim theirs too), if its front matter has a valid one. */
  slug: string | undefined;
  /** The article, or undefined for a draft. */
  article: Article | undefined;
  warnings: Problem[];
  pages: Partial<Record<PageKind, string>>;
}

export type PageKind = "page" | "amp";

/**
 * The build's persistent cache (node_modules/.cache/edgefeed/content/ unless EDGEFEED_CACHE_DIR
 * says otherwise): each article file's parse and rendered pages, keyed by the file's path and
 * bytes, valid only for the inputs it was made with: the build's own code (the bundle hash that
 * scripts/run.mjs gives as EDGEFEED_BUILD_VERSION; without it there is no cache), the locked
 * package versions, the Node.js version (its ICU formats the dates), the site settings, the
 * photos as developed (src/build/photos.ts) and the SITE_URL override. A file that fails its checksum, or was made with other inputs, is ignored
 * and rewritten: the build never reuses what it cannot trust, and its output is the same bytes
 * with or without the cache (test/build/build-cache.test.ts).
 */
export class BuildCache {
  /** How many article files this build took from the cache. */
  reused = 0;
  readonly #file: string | undefined;
  readonly #inputs: string;
  #previous = new Map<string, CachedArticle>();
  #current = new Map<string, CachedArticle>();
  readonly #keys = new WeakMap<Article, string>();
  /** The site settings and photos the entries were made with, by kind. */
  #settings = new Map<string, string>();
  /** Whether this build made anything the cache did not hold. */
  #changed = false;

  private constructor(file: string | undefined, inputs: string) {
    this.#file = file;
    this.#inputs = inputs;
  }

  /** The cache for a build with these inputs; an empty one when none can be trusted. */
  static async open(options: { root: string; siteUrl: string | undefined; dir?: string | undefined }): Promise<BuildCache> {
    const version = process.env["EDGEFEED_BUILD_VERSION"];
    if (!version) return new BuildCache(undefined, "");
    const lockfile = await readFile(join(options.root, "package-lock.json")).catch(() => Buffer.from("no lockfile"));
    const inputs = sha256([version, process.version, sha256([lockfile]), options.siteUrl ?? ""]);
    const file = join(options.dir ?? join(options.root, "node_modules", ".cache", "edgefeed", "content"), "articles.bin");
    const cache = new BuildCache(file, inputs);
    try {
      const bytes = await readFile(file);
      const payload = bytes.subarray(32);
      if (!createHash("sha256").update(payload).digest().equals(bytes.subarray(0, 32))) return cache;
      const stored = deserialize(payload) as { inputs: string; settings: [string, string][]; articles: Map<string, CachedArticle> };
      if (stored.inputs === inputs) {
        cache.#settings = new Map(stored.settings);
        cache.#previous = stored.articles;
      }
    } catch {
      // no cache yet, or one this code cannot read: start afresh
    }
    return cache;
  }

  /**
   * Makes a cache kept in memory by a long-running process (npm start) ready for its next build:
   * what the last build used becomes what this one may reuse, the same objects, so that what was
   * derived from them in memory (an article's feed items) is reused too.
   */
  nextBuild(): void {
    this.#previous = this.#current;
    this.#current = new Map();
    this.reused = 0;
    this.#changed = false;
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
      this.#changed = true;
    }
    this.#settings.set(kind, value);
  }

  /** What an earlier build made of this file, if the file is unchanged. */
  article(file: SourceFile): CachedArticle | undefined {
    if (!this.#file) return undefined;
    const key = fileKey(file);
    const entry = this.#previous.get(key);
    if (!entry) return undefined;
    this.reused++;
    this.#keep(key, entry);
    return entry;
  }

  /** Keeps what this build made of a file that had no problem. */
  remember(file: SourceFile, entry: Omit<CachedArticle, "pages">): void {
    if (!this.#file) return;
    this.#changed = true;
    this.#keep(fileKey(file), { ...entry, pages: {} });
  }

  /** An article's page of this kind: from the cache, or rendered now and kept. */
  page(article: Article, kind: PageKind, render: () => string): string {
    const key = this.#keys.get(article);
    const entry = key === undefined ? undefined : this.#current.get(key);
    if (!entry) return render();
    let page = entry.pages[kind];
    if (page === undefined) {
      page = entry.pages[kind] = render();
      this.#changed = true;
    }
    return page;
  }

  /** Writes what this build used, and nothing else, for the next build; nothing when that is what was read. */
  async save(): Promise<void> {
    if (!this.#file || this.#settings.size === 0) return;
    if (!this.#changed && this.#current.size === this.#previous.size) return;
    const payload = serialize({ inputs: this.#inputs, settings: [...this.#settings], articles: this.#current });
    await mkdir(dirname(this.#file), { recursive: true });
    const temporary = `${this.#file}.${process.pid}.tmp`;
    await writeFile(temporary, Buffer.concat([createHash("sha256").update(payload).digest(), payload]));
    await rename(temporary, this.#file);
  }

  #keep(key: string, entry: CachedArticle): void {
    this.#current.set(key, entry);
    if (entry.article) this.#keys.set(entry.article, key);
  }
}

function fileKey(file: SourceFile): string {
  return sha256([file.path, "\0", file.bytes]);
}

function sha256(parts: readonly (string | Uint8Array)[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest("hex");
}
