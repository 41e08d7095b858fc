import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PHOTO_CACHE } from "../src/build/build-content.ts";
import { ContentError, loadCorpus } from "../src/build/content.ts";
import { deployProblem } from "../src/build/deploy-readiness.ts";
import { developPhotos } from "../src/build/photos.ts";

/**
 * npm's `predeploy`: runs before `wrangler deploy` bundles anything or contacts Cloudflare, and
 * stops the deploy (exit 1) when the build would publish the example site URL or text that
 * `npm run new` left for the author to replace. CONTENT_DIR points it at another content folder
 * (the tests do), as it does the build.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const siteUrl = process.env["SITE_URL"] || undefined;
const contentDir = process.env["CONTENT_DIR"] ?? join(root, "content");
try {
  // The articles are read as the build reads them, photos included: an article names its photos by
  // their files, which only the developed catalog knows (from the build's cache when it has them).
  const photos = await developPhotos(contentDir, { cacheDir: PHOTO_CACHE });
  const corpus = await loadCorpus(contentDir, { siteUrl, photos: photos.catalog });
  const problem = deployProblem(corpus, { siteUrlFromEnvironment: siteUrl !== undefined, workerName: await workerName() });
  if (problem) {
    console.error(`edgefeed: ${problem}`);
    process.exitCode = 1;
  }
} catch (error) {
  if (!(error instanceof ContentError)) throw error;
  console.error(`${error.message}\nedgefeed: Not deploying: fix the content problems above, then run npm run deploy again.`);
  process.exitCode = 1;
}

/** The Worker's `name` in wrangler.toml: the first label of its workers.dev hostname. */
async function workerName(): Promise<string> {
  const config = await readFile(join(root, "wrangler.toml"), "utf8");
  return /^name\s*=\s*"([^"]+)"/m.exec(config)?.[1] ?? "<name>";
}
