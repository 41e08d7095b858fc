import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { ContentError, loadCorpus, type Problem } from "./content.ts";
import { encodeDocuments, RANGES_FILE, TEXT_FILE } from "../store/encode.ts";
import { OutputError } from "./check-feeds.ts";
import { renderDocuments } from "./documents.ts";
import { describePlaceholders, placeholdersIn } from "./placeholders.ts";
import { count } from "./plural.ts";
import { FEED_MANIFEST_FILE, feedManifest } from "./websub.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const GENERATOR = relative(ROOT, fileURLToPath(import.meta.url));
const DEFAULT_OUTPUT = join(ROOT, "src", "generated", "documents.ts");

/**
 * `npm run content`: content/ → src/generated/documents.ts. On any content problem it prints
 * every problem and exits 1 without touching the previous output. CONTENT_DIR and OUTPUT
 * (environment) point it elsewhere, as the build tests do; the feed manifest goes beside OUTPUT.
 */
async function main(): Promise<void> {
  const contentDir = process.env["CONTENT_DIR"] ?? join(ROOT, "content");
  const output = process.env["OUTPUT"] || DEFAULT_OUTPUT;
  const manifest = join(dirname(output), FEED_MANIFEST_FILE);
  const warnings: Problem[] = [];
  const corpus = await loadCorpus(contentDir, { siteUrl: process.env["SITE_URL"] || undefined, warn: (w) => warnings.push(w) });
  const icon = await readFile(join(contentDir, "icon.svg"), "utf8");
  const documents = renderDocuments(corpus, { icon });
  await mkdir(dirname(output), { recursive: true });
  const generated = encodeDocuments(documents, GENERATOR);
  // The binary files first: the module they belong to refers to their offsets.
  await writeAtomically(join(dirname(output), TEXT_FILE), generated.text);
  await writeAtomically(join(dirname(output), RANGES_FILE), generated.ranges);
  await writeAtomically(output, generated.module);
  await writeFile(manifest, `${JSON.stringify(feedManifest(corpus, documents), null, 2)}\n`);
  for (const article of corpus.articles) {
    const words = article.html.replace(/<[^>]*>/g, " ").split(/\s+/).filter(Boolean).length;
    const date = article.published.toLocaleDateString("sv", { timeZone: corpus.site.timeZone });
    console.log(`  ${date}  ${article.slug}  ${words} words`);
  }
  for (const w of warnings) console.warn(`Warning: ${w.file}${w.field ? ` › ${w.field}` : ""}: ${w.message}`);
  console.log(`Built ${count(corpus.articles.length, "article")} and ${count(documents.size, "document")} for ${corpus.site.url}`);
  const placeholders = placeholdersIn(corpus);
  if (placeholders.length > 0) {
    console.warn(`Warning: ${count(placeholders.length, "placeholder")} from npm run new still to replace (npm run deploy refuses to publish them):\n${describePlaceholders(placeholders)}`);
  }
}

/** Write then rename: a reader (wrangler's watcher, the Worker bundler) never sees half a file. */
async function writeAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, file);
}

main().catch((error: unknown) => {
  console.error(error instanceof ContentError || error instanceof OutputError ? error.message : error);
  // Under `npm start`, wrangler dev runs this on every save and holds every request while its
  // build command is failing; succeeding without writing lets it keep serving the last good build.
  if (error instanceof ContentError && process.env["EDGEFEED_KEEP_LAST_GOOD_BUILD"] === "1") {
    console.error("The server keeps serving the last good build until you fix this and save again.");
    return;
  }
  process.exitCode = 1;
});
