import { readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { PLACEHOLDER_BODY, PLACEHOLDER_SUMMARY } from "../src/build/placeholders.ts";
import { SLUG } from "../src/build/schema.ts";
import type { Site } from "../src/model.ts";

/**
 * `npm run new -- "Title of the article"`: creates content/articles/<date>-<slug>.md with front
 * matter that builds as is (slug from the title, now in the site's time zone, the site's default
 * author), ready to edit. `--slug my-slug` chooses the slug when the title has no Latin letters or
 * digits to make one from. Never overwrites a file, never reuses a slug.
 */
export async function createArticle(options: { contentDir: string; title: string; slug?: string | undefined; now: Date }): Promise<string> {
  const title = options.title.trim();
  if (!title) throw new UsageError('Give the title: npm run new -- "Title of the article"');
  const slug = options.slug ?? slugFromTitle(title);
  if (!SLUG.test(slug)) {
    throw new UsageError(
      options.slug
        ? `"${slug}" cannot be a slug: use lowercase letters, digits and single hyphens, e.g. --slug my-first-article`
        : `No slug can be made from "${title}" (it has no Latin letters or digits): choose one, e.g. npm run new -- "${title}" --slug my-first-article`,
    );
  }
  const site = await loadSite(options.contentDir);
  const published = localDateTime(options.now, site.timeZone);
  const articlesDir = join(options.contentDir, "articles");
  const usedBy = await fileUsingSlug(articlesDir, slug);
  if (usedBy) throw new UsageError(`The slug "${slug}" is already used by articles/${usedBy}: choose another title, or --slug another-slug`);
  const file = join(articlesDir, `${published.slice(0, 10)}-${slug}.md`);
  try {
    await writeFile(file, articleTemplate({ title, slug, published, author: site.defaultAuthor }), { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw new UsageError(`${file} already exists: it was left as it is. Choose another title or --slug.`);
    throw error;
  }
  return file;
}

/** A URL slug from a title: accents folded to ASCII letters (é → e, ß → ss), anything else a hyphen. */
export function slugFromTitle(title: string): string {
  const folded = [...title.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()].map((c) => FOLDS[c] ?? c).join("");
  const slug = folded.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  if (slug.length <= MAX_SLUG) return slug;
  const cut = slug.slice(0, MAX_SLUG + 1);
  return (cut.lastIndexOf("-") > 20 ? cut.slice(0, cut.lastIndexOf("-")) : cut.slice(0, MAX_SLUG)).replace(/-+$/, "");
}

/** RFC 3339 local time in `timeZone` with its offset, to the second: 2026-11-28T21:05:09+09:00. */
export function localDateTime(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      timeZoneName: "longOffset",
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  // longOffset is "GMT+09:00", or plain "GMT" for a zero offset.
  const offset = parts["timeZoneName"] === "GMT" ? "+00:00" : String(parts["timeZoneName"]).slice(3);
  return `${parts["year"]}-${parts["month"]}-${parts["day"]}T${parts["hour"]}:${parts["minute"]}:${parts["second"]}${offset}`;
}

export class UsageError extends Error {}

const MAX_SLUG = 80;

/** Letters NFKD does not decompose into a base letter plus marks. */
const FOLDS: Record<string, string> = { ß: "ss", æ: "ae", œ: "oe", ø: "o", đ: "d", ð: "d", ł: "l", þ: "th", ı: "i", "&": " and " };

function articleTemplate(fields: { title: string; slug: string; published: string; author: string }): string {
  // JSON strings are valid YAML double-quoted scalars, so any title survives as written.
  return `---
title: ${JSON.stringify(fields.title)}
slug: ${fields.slug}
published: ${fields.published}
author: ${JSON.stringify(fields.author)}
summary: ${PLACEHOLDER_SUMMARY}
tags: []
# draft: true   # uncomment to keep the article out of the site and the feeds
---

${PLACEHOLDER_BODY}
`;
}

async function loadSite(contentDir: string): Promise<Pick<Site, "timeZone" | "defaultAuthor">> {
  const module = (await import(pathToFileURL(join(contentDir, "site.ts")).href)) as { default: Pick<Site, "timeZone" | "defaultAuthor"> };
  return module.default;
}

async function fileUsingSlug(articlesDir: string, slug: string): Promise<string | undefined> {
  const pattern = new RegExp(`^slug:\\s*["']?${slug}["']?\\s*(#.*)?$`, "m");
  for (const name of (await readdir(articlesDir)).filter((n) => n.endsWith(".md"))) {
    if (pattern.test(await readFile(join(articlesDir, name), "utf8"))) return name;
  }
  return undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const slugAt = args.indexOf("--slug");
  const slug = slugAt >= 0 ? args.splice(slugAt, 2)[1] ?? "" : undefined;
  const root = join(dirname(fileURLToPath(import.meta.url)), "..");
  const file = await createArticle({ contentDir: process.env["CONTENT_DIR"] ?? join(root, "content"), title: args.join(" "), slug, now: new Date() });
  console.log(`Created ${relative(process.cwd(), file)}
Edit the summary and the body, then preview with npm start (it rebuilds on every save).`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof UsageError ? `edgefeed: ${error.message}` : error);
    process.exitCode = 1;
  });
}
