import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import { developPhotos } from "../src/build/photos.ts";
import { buildSite } from "./build.ts";

export interface PhotoResult {
  /** The two photos' sources: pixels and file size. */
  sources: { width: number; height: number; bytes: number }[];
  /** What wrangler uploads as the Worker, without and with the two photos; the photos themselves go as assets. */
  bundleGzipBytes: { without: number; with: number };
  /** The photos' files in the static assets, and their total size. */
  assets: { files: number; bytes: number };
  /** The photo step of the build (src/build/photos.ts) on the two photos: an empty cache, then the same again. */
  developMs: { cold: number; cached: number };
}

/**
 * The seed's site twice: as it is, and with its article given a lead photo and a photo in the
 * body (two camera-sized JPEGs, generated). Both are built as deployed (`wrangler deploy
 * --dry-run`): the Worker must not grow with photos, which go to the static assets. Then the
 * photo step alone, timed on an empty cache and again on the filled one.
 */
export async function measurePhotos(root: string, seedContentDir: string, work: string): Promise<PhotoResult> {
  const contentDir = join(work, "with-photos", "content");
  await cp(seedContentDir, contentDir, { recursive: true });
  const specs = [
    { name: "lead.jpg", width: 4000, height: 3000 },
    { name: "second.jpg", width: 3000, height: 4000 },
  ];
  const sources: PhotoResult["sources"] = [];
  for (const spec of specs) {
    const file = join(contentDir, "articles", "photos", spec.name);
    await writeCameraPhoto(file, spec.width, spec.height);
    sources.push({ width: spec.width, height: spec.height, bytes: (await stat(file)).size });
  }
  await addPhotosToFirstArticle(join(contentDir, "articles"));

  const without = await buildSite(root, join(work, "without-photos"), seedContentDir);
  const withPhotos = await buildSite(root, join(work, "with-photos"), contentDir);
  const mediaDir = join(work, "with-photos", "project", "src", "generated", "assets", "media");
  const files = await readdir(mediaDir);
  let bytes = 0;
  for (const file of files) bytes += (await stat(join(mediaDir, file))).size;

  const cacheDir = join(work, "photo-cache");
  await rm(cacheDir, { recursive: true, force: true });
  const cold = await timed(() => developPhotos(contentDir, { cacheDir }));
  const cached = await timed(() => developPhotos(contentDir, { cacheDir }));
  return {
    sources,
    bundleGzipBytes: { without: without.uploadGzipBytes, with: withPhotos.uploadGzipBytes },
    assets: { files: files.length, bytes },
    developMs: { cold, cached },
  };
}

/** A photo-like JPEG: smooth gradients with noise (so it compresses like a photo, not like a flat fill), quality 92. */
async function writeCameraPhoto(file: string, width: number, height: number): Promise<void> {
  await mkdir(join(file, ".."), { recursive: true });
  const pixels = Buffer.alloc(width * height * 3);
  let seed = 0x5eed;
  for (let i = 0; i < pixels.length; i += 3) {
    const x = (i / 3) % width;
    const y = Math.floor(i / 3 / width);
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const noise = (seed >> 16) % 24;
    pixels[i] = ((x * 255) / width + noise) & 255;
    pixels[i + 1] = ((y * 255) / height + noise) & 255;
    pixels[i + 2] = (((x + y) * 128) / (width + height) + noise) & 255;
  }
  await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 92 }).toFile(file);
}

/** Gives the first article a lead photo and a figure in the body. */
async function addPhotosToFirstArticle(articlesDir: string): Promise<void> {
  const name = (await readdir(articlesDir)).filter((file) => file.endsWith(".md")).sort()[0]!;
  const text = await readFile(join(articlesDir, name), "utf8");
  const withLead = text.replace(/\n---\n/, "\nimage:\n  src: photos/lead.jpg\n  alt: A generated test picture\n  caption: A caption.\n  credit: Bench\n---\n");
  const withFigure = withLead.replace(/\n---\n\n/, "\n---\n\n![A second generated picture](photos/second.jpg \"Another caption\")\n\n");
  await writeFile(join(articlesDir, name), withFigure);
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}
