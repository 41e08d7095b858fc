import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { buildContent } from "./build-content.ts";
import { OutputError } from "./check-feeds.ts";
import { ContentError } from "./content.ts";
import { count } from "./plural.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const GENERATOR = relative(ROOT, fileURLToPath(import.meta.url));
const DEFAULT_OUTPUT = join(ROOT, "src", "generated", "documents.ts");

/**
 * `npm run content`: content/ → src/generated/documents.ts. On any content problem it prints
 * every problem and exits 1 without touching the previous output. CONTENT_DIR and OUTPUT
 * (environment) point it elsewhere, as the build tests do; the feed manifest and the static assets
 * go beside OUTPUT. PHOTO_CACHE_DIR moves the photo cache.
 */
async function main(): Promise<void> {
  const { corpus, documents, warnings, reused, parsed, threads } = await buildContent({
    contentDir: process.env["CONTENT_DIR"] ?? join(ROOT, "content"),
    output: process.env["OUTPUT"] || DEFAULT_OUTPUT,
    siteUrl: process.env["SITE_URL"] || undefined,
    generator: GENERATOR,
    photoCacheDir: process.env["PHOTO_CACHE_DIR"] || undefined,
  });
  const day = new Intl.DateTimeFormat("sv", { timeZone: corpus.site.timeZone, dateStyle: "short" });
  // The articles this build read, newest first: all of them, or those changed since the cache's
  // build; a few dozen at most (an import of thousands is not read line by line).
  for (const article of parsed.slice(0, LISTED)) {
    const words = wordCount(article.html);
    console.log(`  ${day.format(article.published)}  ${article.slug}  ${words} words`);
  }
  if (parsed.length > LISTED) console.log(`  … and ${count(parsed.length - LISTED, "more article")}`);
  for (const w of warnings) console.warn(`Warning: ${w.file}${w.field ? ` › ${w.field}` : ""}: ${w.message}`);
  const notes = [
    ...(reused > 0 ? [`${count(reused, "article file")} unchanged, taken from the cache`] : []),
    ...(threads > 1 ? [`${count(parsed.length, "article")} parsed on ${threads} threads`] : []),
  ];
  console.log(`Built ${count(corpus.articles.length, "article")} and ${count(documents, "document")} for ${corpus.site.url}${notes.length > 0 ? ` (${notes.join("; ")})` : ""}`);
}

/** How many of the articles a build read it lists. */
const LISTED = 30;

/** Words of an HTML body: runs of characters other than white space, outside tags. */
function wordCount(html: string): number {
  let words = 0;
  let inWord = false;
  let inTag = false;
  for (let i = 0; i < html.length; i++) {
    const code = html.charCodeAt(i);
    if (inTag) {
      if (code === 0x3e) inTag = false;
    } else if (code === 0x3c) {
      inTag = true;
      inWord = false;
    } else if (code <= 0x20 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff) {
      inWord = false;
    } else if (!inWord) {
      inWord = true;
      words++;
    }
  }
  return words;
}

main().catch((error: unknown) => {
  console.error(error instanceof ContentError || error instanceof OutputError ? error.message : error);
  // `wrangler dev` run by hand runs this on every save and holds every request while its build
  // command is failing; succeeding without writing lets it keep serving the last good build.
  if (error instanceof ContentError && process.env["EDGEFEED_KEEP_LAST_GOOD_BUILD"] === "1") {
    console.error("The server keeps serving the last good build until you fix this and save again.");
    return;
  }
  process.exitCode = 1;
});
