import { copyFile, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { MEDIA_PATTERN, PATHS } from "../paths.ts";

/** The static assets' folder, beside the generated module: src/generated/assets, wrangler.toml's `[assets] directory`. */
export const ASSETS_DIR = "assets";

/** Where the processed photos go below the assets folder: the path PATHS.media serves them at. */
export const MEDIA_DIR = PATHS.media("").replace(/^\/|\/$/g, "");

/**
 * Writes the assets folder that wrangler.toml's `[assets]` uploads and Cloudflare serves ahead of
 * the Worker: the photos the articles use, and a `_headers` file. Files already there are left
 * alone (a photo's name is a hash of its bytes, so the same name is the same file; `_headers` is
 * written only when its bytes differ), photos no article uses any more are removed, so neither the
 * upload nor `wrangler dev`'s watcher sees churn: any change in this folder makes `npm start`'s
 * server reload the Worker once more.
 *
 * `files` maps each served name to the file in the photo cache it is copied from.
 */
export async function writeMediaAssets(assetsDir: string, files: ReadonlyMap<string, string>): Promise<void> {
  const mediaDir = join(assetsDir, MEDIA_DIR);
  await mkdir(mediaDir, { recursive: true });
  const present = new Set(await readdir(mediaDir));
  for (const name of present) if (!files.has(name)) await rm(join(mediaDir, name), { force: true, recursive: true });
  for (const [name, from] of files) if (!present.has(name)) await copyFile(from, join(mediaDir, name));
  const headersFile = join(assetsDir, "_headers");
  if ((await readFile(headersFile, "utf8").catch(() => undefined)) !== HEADERS) await writeFile(headersFile, HEADERS);
}

/**
 * Cloudflare's `_headers` format (https://developers.cloudflare.com/workers/static-assets/headers/).
 * A photo's name changes whenever its bytes do, so a URL's content never changes: caches may keep
 * it for a year without asking again (RFC 8246 `immutable`). nosniff as on every Worker response.
 */
const HEADERS = `${MEDIA_PATTERN}
  Cache-Control: public, max-age=31536000, immutable
  X-Content-Type-Options: nosniff
`;
