import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { parse as parseYaml, YAMLParseError } from "yaml";
import type { z } from "zod";
import type { Article, Corpus, Site } from "../model.ts";
import { renderMarkdown } from "./markdown.ts";
import { frontMatterSchema, siteSchema } from "./schema.ts";

/** One thing wrong with the content: where, which field, and what to do about it. */
export interface Problem {
  file: string;
  field?: string;
  message: string;
}

/** Every problem found in one run, reported together so an author fixes them all at once. */
export class ContentError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(
      `Content has ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was written. Fix the following:\n` +
        problems.map((p) => `  ${p.file}${p.field ? ` › ${p.field}` : ""}: ${p.message}`).join("\n"),
    );
    this.name = "ContentError";
  }
}

export interface LoadOptions {
  /** Overrides the site's base URL (the SITE_URL environment variable at build time). */
  siteUrl?: string | undefined;
}

/** Reads `content/`: the site metadata in site.ts and every article in articles/*.md. */
export async function loadCorpus(contentDir: string, options: LoadOptions = {}): Promise<Corpus> {
  const siteModule = (await import(pathToFileURL(join(contentDir, "site.ts")).href)) as { default: unknown };
  const articlesDir = join(contentDir, "articles");
  const names = (await readdir(articlesDir)).filter((name) => name.endsWith(".md")).sort();
  const files = await Promise.all(
    names.map(async (name) => ({ path: relative(contentDir, join(articlesDir, name)), bytes: await readFile(join(articlesDir, name)) })),
  );
  return buildCorpus(siteModule.default, files, options);
}

export interface SourceFile {
  /** Path shown in messages, relative to the content folder. */
  path: string;
  bytes: Uint8Array;
}

/** Validates the site and the articles together; throws one ContentError naming every problem. */
export function buildCorpus(siteInput: unknown, files: readonly SourceFile[], options: LoadOptions = {}): Corpus {
  const problems: Problem[] = [];
  const site = parseSite(siteInput, options, problems);
  const articles: Article[] = [];
  const slugs = new Map<string, string>();
  for (const file of files) {
    const article = parseArticle(file, site, problems);
    if (!article) continue;
    const earlier = slugs.get(article.slug);
    if (earlier) {
      problems.push({ file: file.path, field: "slug", message: `"${article.slug}" is already used by ${earlier}: give one of them another slug` });
      continue;
    }
    slugs.set(article.slug, file.path);
    articles.push(article);
  }
  if (files.length === 0) problems.push({ file: "articles/", message: "no articles: add a Markdown file (npm run new -- \"Title\")" });
  if (problems.length > 0 || !site) throw new ContentError(problems);
  articles.sort(newestFirst);
  return { site, articles };
}

function newestFirst(a: Article, b: Article): number {
  return b.published.getTime() - a.published.getTime() || a.slug.localeCompare(b.slug);
}

function parseSite(input: unknown, options: LoadOptions, problems: Problem[]): Site | undefined {
  const result = siteSchema.safeParse(
    options.siteUrl && typeof input === "object" && input ? { ...input, url: options.siteUrl } : input,
    { reportInput: true },
  );
  if (!result.success) {
    problems.push(...zodProblems("site.ts", result.error));
    return undefined;
  }
  const url = result.data.url.replace(/\/+$/, "");
  return { ...result.data, url, icon: new URL(result.data.icon, `${url}/`).href };
}

const FRONT_MATTER = /^---\n([\s\S]*?)\n---(?:\n|$)/;

function parseArticle(file: SourceFile, site: Site | undefined, problems: Problem[]): Article | undefined {
  const report = (message: string, field?: string) => problems.push({ file: file.path, message, ...(field ? { field } : {}) });
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(file.bytes);
  } catch {
    report("is not valid UTF-8: save it as UTF-8");
    return undefined;
  }
  if (text.startsWith("\uFEFF")) {
    report("starts with a byte-order mark: save it as UTF-8 without BOM");
    return undefined;
  }
  text = text.replace(/\r\n?/g, "\n");
  const match = FRONT_MATTER.exec(text);
  if (!match) {
    report("has no front matter: start the file with a --- line, the fields, and another --- line");
    return undefined;
  }
  let data: unknown;
  try {
    data = parseYaml(match[1]!) ?? {};
  } catch (error) {
    report(`front matter is not valid YAML: ${error instanceof YAMLParseError ? error.message.split("\n")[0] : String(error)}`);
    return undefined;
  }
  const result = frontMatterSchema.safeParse(data, { reportInput: true });
  const body = text.slice(match[0].length).trim();
  if (!body) report("has no body: write the article below the front matter", "body");
  if (!result.success) {
    problems.push(...zodProblems(file.path, result.error));
    return undefined;
  }
  const fm = result.data;
  const updated = fm.updated ?? fm.published;
  if (updated < fm.published) report("is earlier than published: an article cannot be updated before it is published", "updated");
  if (!site || !body || fm.draft) return undefined;
  const url = `${site.url}/articles/${fm.slug}`;
  return {
    slug: fm.slug,
    title: fm.title,
    author: fm.author ?? site.defaultAuthor,
    summary: fm.summary,
    tags: fm.tags,
    published: fm.published,
    updated,
    html: renderMarkdown(body, url),
    url,
    source: file.path,
  };
}

function zodProblems(file: string, error: z.ZodError): Problem[] {
  return error.issues.map((issue) => {
    const field = issue.path.join(".");
    if (issue.code === "unrecognized_keys") {
      return { file, message: `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}: remove it or fix its spelling` };
    }
    const missing = issue.code === "invalid_type" && issue.input === undefined;
    return { file, field, message: missing ? "is required" : issue.message };
  });
}
