import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FIXTURE_SITE } from "./corpus.ts";
import { writePhoto } from "./photos.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BUILD = join(ROOT, "src", "build", "main.ts");

/**
 * A site whose one article has photos, built by the real build (`npm run content`): a local lead
 * photo with caption and credit, stored on its side with an EXIF orientation, a Markdown figure
 * (PNG) and a raw <figure> (WebP). The photos are generated here by sharp, so no binary is
 * committed. Built into a fixed folder, which the workerd project that serves it points its
 * generated modules and static assets at (vitest.config.ts).
 */
export const PHOTO_SITE = photoSite(join(ROOT, "node_modules", ".cache", "edgefeed-photo-site"));

export const SLUG = "harbour-reopens";

export interface PhotoSite {
  dir: string;
  contentDir: string;
  /** The module, binary files and assets/ folder, as src/generated/ holds them for the real site. */
  outputDir: string;
  assetsDir: string;
}

export function photoSite(dir: string): PhotoSite {
  return { dir, contentDir: join(dir, "content"), outputDir: join(dir, "generated"), assetsDir: join(dir, "generated", "assets") };
}

/** The lead photo as the author gave it, and as the build must report it (upright). */
export const LEAD = { alt: "Cranes over the container terminal at dawn", caption: "The terminal reopened at dawn.", credit: "Photo Desk", width: 1600, height: 2400 };
export const FIGURE = { alt: "A quay crane lifting a container", caption: "Work resumed by noon.", width: 900, height: 600 };
export const RAW_FIGURE = { alt: "The harbour master's office", width: 640, height: 480 };

const ARTICLE = `---
title: Harbour reopens after the storm
slug: ${SLUG}
published: 2024-05-02T07:00:00Z
summary: The container terminal reopened at dawn.
tags: [Harbour]
image:
  src: photos/lead.jpg
  alt: ${LEAD.alt}
  caption: ${LEAD.caption}
  credit: ${LEAD.credit}
---

The terminal reopened at dawn, two days after the storm.

![${FIGURE.alt}](photos/crane.png "${FIGURE.caption}")

Cranes were back at work by noon.

<figure><img src="photos/office.webp" alt="${RAW_FIGURE.alt}"><figcaption>The office. <span class="credit">Harbour Authority</span></figcaption></figure>
`;

/** Writes the content folder and runs the build; throws with the build's output if it fails. */
export async function buildPhotoSite(site: PhotoSite = PHOTO_SITE): Promise<void> {
  rmSync(site.dir, { recursive: true, force: true });
  const articles = join(site.contentDir, "articles");
  mkdirSync(join(articles, "photos"), { recursive: true });
  writeFileSync(join(site.contentDir, "site.ts"), `export default ${JSON.stringify(FIXTURE_SITE, null, 2)};\n`);
  writeFileSync(join(site.contentDir, "icon.svg"), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>\n');
  writeFileSync(join(articles, `${SLUG}.md`), ARTICLE);
  // Stored 2400×1600 with EXIF orientation 8 (turn 90° counter-clockwise to view).
  await writePhoto(join(articles, "photos", "lead.jpg"), { width: LEAD.height, height: LEAD.width, orientation: 8 });
  await writePhoto(join(articles, "photos", "crane.png"), { width: FIGURE.width, height: FIGURE.height, format: "png" });
  await writePhoto(join(articles, "photos", "office.webp"), { width: RAW_FIGURE.width, height: RAW_FIGURE.height, format: "webp" });
  const { status, stdout, stderr } = spawnSync(process.execPath, ["--import", "tsx", BUILD], {
    cwd: ROOT,
    env: { ...process.env, CONTENT_DIR: site.contentDir, OUTPUT: join(site.outputDir, "documents.ts"), SITE_URL: "" },
    encoding: "utf8",
  });
  if (status !== 0) throw new Error(`building the photo site failed:\n${stdout}\n${stderr}`);
}
