import { posix } from "node:path";
import type { Photo } from "../model.ts";
import { absoluteUrl, PATHS } from "../paths.ts";
import type { DevelopedPhoto, PhotoCatalog } from "./photos.ts";

/** What an author writes for a picture: front matter `image`, or an <img> / Markdown image in the body. */
export interface PhotoReference {
  src: string;
  /** Undefined when the author wrote none; "" marks a decorative picture on purpose. */
  alt?: string | undefined;
  caption?: string | undefined;
  credit?: string | undefined;
  width?: number | undefined;
  height?: number | undefined;
}

/** A reference that could not become a photo: which part of it is wrong and what to do. */
export interface PhotoProblem {
  /** `src`, `alt`, `width`..., the part of the reference at fault. */
  part: keyof PhotoReference;
  message: string;
}

/** A URL, or a path from the site's root: a picture the build does not hold, rather than a file beside the article. */
export function isRemote(src: string): boolean {
  return /^\s*(?:[a-z][a-z0-9+.-]*:|\/)/i.test(src);
}

/**
 * Turns a reference into the photo the renderers use. A local path is resolved against the
 * folder of the article's file and looked up among the photos the build developed; a remote
 * https picture is taken as the author describes it, since the build has no network to measure it.
 */
export function resolvePhoto(reference: PhotoReference, articleFile: string, siteUrl: string, catalog: PhotoCatalog): Photo | PhotoProblem[] {
  const problems: PhotoProblem[] = [];
  if (reference.alt === undefined) {
    problems.push({ part: "alt", message: 'is missing: describe what the picture shows for readers who cannot see it, or give an empty one (alt: "" in front matter, alt="" in HTML) to mark it decorative on purpose' });
  }
  const described = { alt: reference.alt ?? "", caption: reference.caption, credit: reference.credit };
  const src = reference.src.trim();
  if (isRemote(src)) {
    const url = httpUrl(src, siteUrl);
    if (!url) {
      problems.push({ part: "src", message: `"${src}" is not an http(s) URL: give a path relative to the article's file, such as photos/harbour.jpg, or an https URL` });
      return problems;
    }
    const { width, height } = reference;
    for (const part of ["width", "height"] as const) {
      if (reference[part] === undefined) {
        problems.push({ part, message: `is required for a remote picture (${url}): the build has no network to measure it; give its ${part} in pixels` });
      }
    }
    if (problems.length > 0 || width === undefined || height === undefined) return problems;
    return { url, width, height, type: typeFromExtension(url), sources: [], ...described };
  }
  const path = localPath(src, articleFile);
  if (path === undefined) {
    problems.push({ part: "src", message: `"${src}" points outside the content folder: keep photos inside content/, e.g. beside the article` });
    return problems;
  }
  const entry = catalog.get(path);
  if (entry === undefined) {
    problems.push({ part: "src", message: `"${src}" does not exist (looked for content/${path}): check the name, or put the file there` });
    return problems;
  }
  if ("problem" in entry) {
    problems.push({ part: "src", message: entry.problem });
    return problems;
  }
  for (const part of ["width", "height"] as const) {
    if (reference[part] !== undefined) problems.push({ part, message: `is read from the file for a local photo (${entry.width}×${entry.height}): remove it` });
  }
  return problems.length > 0 ? problems : developedPhoto(entry, siteUrl, described);
}

/** The photo as served: the renditions' URLs under /media/, the largest in the source format as the default. */
function developedPhoto(entry: DevelopedPhoto, siteUrl: string, described: Pick<Photo, "alt" | "caption" | "credit">): Photo {
  const sources = entry.formats.map(({ type, renditions }) => ({
    type,
    renditions: renditions.map(({ name, width, height, byteLength }) => ({ url: absoluteUrl(siteUrl, PATHS.media(name)), width, height, byteLength })),
  }));
  const primary = sources[0]!;
  const largest = primary.renditions.at(-1)!;
  return { url: largest.url, width: largest.width, height: largest.height, type: primary.type, byteLength: largest.byteLength, sources, ...described };
}

function httpUrl(src: string, siteUrl: string): string | undefined {
  try {
    const url = new URL(src, `${siteUrl}/`);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The file a relative reference names, relative to the content folder; undefined outside it. */
function localPath(src: string, articleFile: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURI(src.replace(/[?#].*$/, ""));
  } catch {
    decoded = src;
  }
  const path = posix.normalize(posix.join(posix.dirname(articleFile), decoded.replaceAll("\\", "/")));
  return path.startsWith("../") || path === ".." ? undefined : path;
}

const TYPES: Record<string, string> = { jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", webp: "image/webp", avif: "image/avif", gif: "image/gif" };

/** A remote picture's media type, when its URL's extension names one. */
function typeFromExtension(url: string): string | undefined {
  const extension = /\.([a-z0-9]+)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  return extension ? TYPES[extension] : undefined;
}

/** The cache files every photo of the corpus uses, by the name it is served under. */
export function mediaFiles(photos: Iterable<Photo>, catalog: PhotoCatalog): Map<string, string> {
  const byName = new Map<string, string>();
  for (const entry of catalog.values()) {
    if ("problem" in entry) continue;
    for (const { renditions } of entry.formats) for (const { name } of renditions) byName.set(name, posix.join(entry.dir.split("\\").join("/"), name));
  }
  const used = new Map<string, string>();
  for (const photo of photos) {
    for (const { renditions } of photo.sources) {
      for (const { url } of renditions) {
        const name = decodeURIComponent(new URL(url).pathname.split("/").at(-1)!);
        const file = byName.get(name);
        if (file) used.set(name, file);
      }
    }
  }
  return used;
}
