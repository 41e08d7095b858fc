import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { extname, join, relative, sep } from "node:path";
import type sharpModule from "sharp";

/**
 * The photo pipeline, run once per build before the articles are read: every picture file in the
 * content folder is decoded, turned upright by its EXIF orientation, stripped of its metadata
 * (camera, GPS) and encoded at each width of WIDTHS it can fill, in its own format and in WebP.
 * Dimensions are known before any HTML is written, file names carry a hash of their bytes (so
 * they are served as immutable), and each result is kept in a disk cache keyed by the source's
 * bytes, so an unchanged photo is never encoded twice (the approach of Astro's image service,
 * Hugo's resource cache and eleventy-img).
 */
export async function developPhotos(contentDir: string, options: DevelopOptions): Promise<DevelopedPhotos> {
  const catalog = new Map<string, PhotoEntry>();
  const warnings: PhotoWarning[] = [];
  const largeFileBytes = options.largeFileBytes ?? LARGE_FILE_BYTES;
  for (const path of await filesUnder(contentDir)) {
    if (!PHOTO_EXTENSIONS.has(extname(path).toLowerCase())) {
      catalog.set(path, { problem: `${path} is not a picture the build can process: save it as ${FORMAT_NAMES}` });
      continue;
    }
    const bytes = await readFile(join(contentDir, path));
    if (bytes.length > largeFileBytes) {
      warnings.push({
        file: path,
        message: `is ${(bytes.length / 2 ** 20).toFixed(1)} MB: the build works from it, but a file over ${Math.round(largeFileBytes / 2 ** 20)} MB slows every cold build; export it at about 3200 pixels wide`,
      });
    }
    catalog.set(path, await developOne(path, bytes, options.cacheDir));
  }
  return { catalog, warnings };
}

export interface DevelopOptions {
  /** Where processed photos are kept between builds (node_modules/.cache/edgefeed/images by default). */
  cacheDir: string;
  /** Above this size a photo still builds, with a warning. */
  largeFileBytes?: number;
}

export interface DevelopedPhotos {
  /** Every file of the content folder by its path relative to it (`/`-separated), developed or why not. */
  catalog: PhotoCatalog;
  warnings: readonly PhotoWarning[];
}

/** A photo that builds but deserves the author's attention, by its path in the content folder. */
export interface PhotoWarning {
  file: string;
  message: string;
}

export type PhotoCatalog = ReadonlyMap<string, PhotoEntry>;
export type PhotoEntry = DevelopedPhoto | { problem: string };

/** A photo file, processed: its renditions as they are stored in the cache folder. */
export interface DevelopedPhoto {
  /** The folder in the cache holding the renditions. */
  dir: string;
  /** Width and height of the source once upright. */
  width: number;
  height: number;
  /** The source format's renditions, then WebP's (one list when the source is WebP). */
  formats: { type: string; renditions: Rendition[] }[];
}

export interface Rendition {
  /** File name: the source's name, the width, and a hash of the bytes, e.g. harbour-960-3fa9c2d1e07b.jpg. */
  name: string;
  width: number;
  height: number;
  byteLength: number;
}

/**
 * The widths a photo is encoded at, never larger than the source: 480 fills a phone, 960 a phone
 * at 2x and the 42rem column at 1x, 1600 the column at 2x and the large previews (og:image).
 */
export const WIDTHS = [480, 960, 1600] as const;

/** Over this, a source photo gets a warning (the limit; cameras write 5-25 MB JPEGs). */
export const LARGE_FILE_BYTES = 10 * 2 ** 20;

/**
 * Encoder settings. Part of the cache key: changing them re-encodes every photo once.
 * mozjpeg at 80 and WebP at 80 are the defaults Astro and eleventy-img ship.
 */
const ENCODERS = {
  jpeg: { type: "image/jpeg", extension: "jpg", options: { quality: 80, mozjpeg: true } },
  png: { type: "image/png", extension: "png", options: { compressionLevel: 9 } },
  webp: { type: "image/webp", extension: "webp", options: { quality: 80 } },
  avif: { type: "image/avif", extension: "avif", options: { quality: 55 } },
} as const;
type OutputFormat = keyof typeof ENCODERS;

/**
 * sharp's version is its package.json's (what `sharp.versions.sharp` reports), read without loading
 * sharp: a build whose photos all come from the cache, or that has none (the seed), never loads
 * libvips, which costs about 40 ms of every `npm run content`.
 */
const PIPELINE_VERSION = JSON.stringify({ v: 1, sharp: (createRequire(import.meta.url)("sharp/package.json") as { version: string }).version, WIDTHS, ENCODERS });

let sharpLoaded: Promise<typeof sharpModule> | undefined;
/** sharp, loaded the first time a photo has to be decoded. */
function loadSharp(): Promise<typeof sharpModule> {
  sharpLoaded ??= import("sharp").then((module) => module.default);
  return sharpLoaded;
}

const PHOTO_EXTENSIONS = new Set([".jpg", ".jpeg", ".png", ".webp", ".avif"]);
const FORMAT_NAMES = "JPEG, PNG, WebP or AVIF";
const MANIFEST = "photo.json";

async function developOne(path: string, bytes: Buffer, cacheRoot: string): Promise<PhotoEntry> {
  const key = createHash("sha256").update(PIPELINE_VERSION).update(bytes).digest("hex").slice(0, 32);
  const dir = join(cacheRoot, key);
  const cached = await readManifest(dir);
  if (cached) return cached;
  const sharp = await loadSharp();
  let format: OutputFormat;
  let width: number;
  let height: number;
  try {
    const meta = await sharp(bytes).metadata();
    const known = sourceFormat(meta.format, meta.compression);
    if (!known) return { problem: `${path} is ${meta.format ?? "an unknown"} data, not a picture the build can process: save it as ${FORMAT_NAMES}` };
    format = known;
    // EXIF orientations 5-8 turn the picture a quarter: its upright width is the stored height.
    const turned = (meta.orientation ?? 1) >= 5;
    width = turned ? meta.height : meta.width;
    height = turned ? meta.width : meta.height;
  } catch (error) {
    return { problem: `${path} cannot be read as a picture (${reason(error)}): export it again as ${FORMAT_NAMES}` };
  }
  await mkdir(dir, { recursive: true });
  const stem = fileStem(path);
  const formats: DevelopedPhoto["formats"] = [];
  try {
    for (const output of format === "webp" ? (["webp"] as const) : ([format, "webp"] as const)) {
      const encoder = ENCODERS[output];
      const renditions: Rendition[] = [];
      for (const target of [...new Set(WIDTHS.map((w) => Math.min(w, width)))]) {
        const { data, info } = await sharp(bytes, { failOn: "error" })
          .rotate()
          .resize({ width: target, withoutEnlargement: true })
          .toFormat(output, encoder.options)
          .toBuffer({ resolveWithObject: true });
        const hash = createHash("sha256").update(data).digest("hex").slice(0, 12);
        const name = `${stem}-${info.width}-${hash}.${encoder.extension}`;
        await writeFile(join(dir, name), data);
        renditions.push({ name, width: info.width, height: info.height, byteLength: data.length });
      }
      formats.push({ type: encoder.type, renditions });
    }
  } catch (error) {
    return { problem: `${path} cannot be decoded (${reason(error)}): the file is damaged or truncated; export it again as ${FORMAT_NAMES}` };
  }
  const developed: DevelopedPhoto = { dir, width, height, formats };
  // The manifest last, renamed into place: a build interrupted mid-photo leaves no manifest, so
  // the next build encodes that photo again rather than trusting half a folder.
  const temporary = join(dir, `${MANIFEST}.${process.pid}.tmp`);
  await writeFile(temporary, JSON.stringify({ width, height, formats }));
  await rename(temporary, join(dir, MANIFEST));
  return developed;
}

/** The cached result, if its manifest and every file it names are there (a cache folder may be pruned by hand). */
async function readManifest(dir: string): Promise<DevelopedPhoto | undefined> {
  try {
    const { width, height, formats } = JSON.parse(await readFile(join(dir, MANIFEST), "utf8")) as Omit<DevelopedPhoto, "dir">;
    for (const { renditions } of formats) for (const { name } of renditions) await stat(join(dir, name));
    return { dir, width, height, formats };
  } catch {
    return undefined;
  }
}

/** The output format for a source format; HEIF data is only accepted when it is AVIF. */
function sourceFormat(format: string | undefined, compression: string | undefined): OutputFormat | undefined {
  if (format === "jpeg" || format === "png" || format === "webp") return format;
  if (format === "heif" && compression === "av1") return "avif";
  return undefined;
}

/** The source's name as a URL-safe stem, so a served file still says what it shows. */
function fileStem(path: string): string {
  const base = path.split("/").at(-1)!.replace(/\.[^.]*$/, "");
  const stem = base
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/, "");
  return stem || "photo";
}

function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!.trim();
}

/** Every file under `dir`, relative to it with `/` separators, sorted; hidden files skipped. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  // Each folder's path made once, not once per file in it: thousands of articles share one.
  const folders = new Map<string, string>();
  const folderOf = (parent: string) => {
    let folder = folders.get(parent);
    if (folder === undefined) folders.set(parent, (folder = relative(dir, parent).split(sep).join("/")));
    return folder;
  };
  const files: string[] = [];
  for (const entry of entries) {
    const folder = folderOf(entry.parentPath);
    const path = folder === "" ? entry.name : `${folder}/${entry.name}`;
    if (path.startsWith(".") || path.includes("/.")) continue;
    if (entry.isFile() || (entry.isSymbolicLink() && (await stat(join(entry.parentPath, entry.name))).isFile())) files.push(path);
  }
  return files.sort();
}
