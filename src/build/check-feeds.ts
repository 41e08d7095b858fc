import { SaxesParser } from "saxes";
import type { FeedFormat } from "../feed-formats.ts";
import type { Article } from "../model.ts";

export type CheckedFormat = FeedFormat;

/**
 * What is wrong with a feed document the build is about to publish, if anything: an RSS or Atom
 * document must be well-formed XML with every namespace prefix bound (XML 1.0, Namespaces in XML
 * 1.0), read by a real XML parser (saxes, which also refuses characters outside XML's `Char`); a
 * JSON Feed must parse and follow the JSON Feed 1.1 rules below. Run on every document of every
 * build, so a renderer bug fails the build instead of reaching subscribers.
 */
export function feedDocumentProblem(format: CheckedFormat, document: string): string | undefined {
  return format === "json" ? jsonFeedProblem(document) : xmlProblem(format, document);
}

/** A feed document that failed the build's own check: a renderer bug, reported instead of published. */
export class OutputError extends Error {
  constructor(path: string, problem: string, articles: readonly Article[]) {
    super(
      `The build rendered ${path} wrongly (${problem}); nothing was written. ` +
        `Articles involved: ${articles.map((a) => a.source).join(", ") || "none"}. ` +
        "This is a bug in edgefeed, not in the content: please report it with those files.",
    );
    this.name = "OutputError";
  }
}

/**
 * Throws an OutputError if `document` fails `feedDocumentProblem`, naming the articles that fail
 * when rendered alone (all of the document's, if none does). Only a failing document pays for that
 * search; a valid one costs one parse.
 */
export function assertValidFeed(
  path: string,
  format: CheckedFormat,
  document: string,
  renderWith: (articles: readonly Article[]) => string,
  articles: readonly Article[],
): void {
  const problem = feedDocumentProblem(format, document);
  if (!problem) return;
  const culprits = articles.filter((article) => feedDocumentProblem(format, renderWith([article])) !== undefined);
  throw new OutputError(path, problem, culprits.length > 0 ? culprits : articles);
}

const XML_ROOT = { rss: "rss", atom: "feed" } as const;

function xmlProblem(format: "rss" | "atom", document: string): string | undefined {
  const parser = new SaxesParser({ xmlns: true, position: false });
  let problem: string | undefined;
  let root: string | undefined;
  parser.on("error", (error) => {
    problem ??= `not well-formed XML: ${error.message}`;
  });
  parser.on("opentag", (tag) => {
    root ??= tag.name;
  });
  try {
    parser.write(document).close();
  } catch (error) {
    problem ??= `not well-formed XML: ${String(error)}`;
  }
  if (problem) return problem;
  return root === XML_ROOT[format] ? undefined : `the root element is <${root}>, not <${XML_ROOT[format]}>`;
}

/** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): the fields this site writes, with the types and rules the spec gives them. */
function jsonFeedProblem(document: string): string | undefined {
  let feed: unknown;
  try {
    feed = JSON.parse(document);
  } catch (error) {
    return `not JSON: ${(error as Error).message}`;
  }
  if (!isObject(feed)) return "not a JSON object";
  if (feed["version"] !== "https://jsonfeed.org/version/1.1") return "version is not https://jsonfeed.org/version/1.1";
  if (!isText(feed["title"])) return "title (required) is not a non-empty string";
  for (const key of ["home_page_url", "feed_url", "next_url", "icon", "favicon"]) {
    if (key in feed && !isAbsoluteUrl(feed[key])) return `${key} is not an absolute URL`;
  }
  const authors = authorsProblem(feed["authors"]);
  if (authors) return authors;
  if (!Array.isArray(feed["items"])) return "items (required) is not an array";
  const ids = new Set<string>();
  for (const [i, item] of feed["items"].entries()) {
    const problem = itemProblem(item);
    if (problem) return `items[${i}]: ${problem}`;
    const id = (item as Record<string, string>)["id"]!;
    if (ids.has(id)) return `items[${i}]: id ${JSON.stringify(id)} is not unique`;
    ids.add(id);
  }
  return undefined;
}

const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

function itemProblem(item: unknown): string | undefined {
  if (!isObject(item)) return "not an object";
  // "id (required, string)": unique for the item in this feed.
  if (!isText(item["id"])) return "id (required) is not a non-empty string";
  // "content_html and content_text are each optional strings — but one or both must be present".
  const html = item["content_html"];
  const text = item["content_text"];
  if (html === undefined && text === undefined) return "has neither content_html nor content_text";
  for (const [key, value] of [["content_html", html], ["content_text", text]] as const) {
    if (value !== undefined && !isText(value)) return `${key} is not a non-empty string`;
  }
  if ("url" in item && !isAbsoluteUrl(item["url"])) return "url is not an absolute URL";
  for (const key of ["title", "summary", "language"]) {
    if (key in item && typeof item[key] !== "string") return `${key} is not a string`;
  }
  for (const key of ["date_published", "date_modified"]) {
    if (key in item && !(typeof item[key] === "string" && RFC_3339.test(item[key]))) return `${key} is not an RFC 3339 date`;
  }
  if ("tags" in item && !(Array.isArray(item["tags"]) && item["tags"].every((tag) => typeof tag === "string"))) return "tags is not an array of strings";
  return authorsProblem(item["authors"]);
}

/** "authors (optional, array of objects)": each "must include at least one" of name, url, avatar. */
function authorsProblem(authors: unknown): string | undefined {
  if (authors === undefined) return undefined;
  if (!Array.isArray(authors)) return "authors is not an array";
  for (const author of authors) {
    if (!isObject(author) || !["name", "url", "avatar"].some((key) => isText(author[key]))) return "an author has no name, url or avatar";
    if ("url" in author && !isAbsoluteUrl(author["url"])) return "an author's url is not an absolute URL";
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
  return typeof value === "string" && value.length > 0;
}

function isAbsoluteUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}
