import type { Article, Site } from "../model.ts";
import { absoluteUrl } from "../paths.ts";
import type { FeedScope } from "./feed-scope.ts";
import { feedBody } from "./photo.ts";

/**
 * JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). Written here rather than adapted from
 * `feed`, whose json1() emits version 1 (`author`, no `language`): renaming and deleting keys in
 * its output would be more code than the format itself, and JSON.stringify already escapes
 * everything that needs escaping.
 */
export function renderJsonFeed(site: Site, scope: FeedScope): string {
  return jsonFeedParts(site, scope).join("");
}

/** The same document as the parts it is assembled from: its head, each item with what follows it, its tail. */
export function jsonFeedParts(site: Site, scope: FeedScope): string[] {
  const shell = jsonFeedShell(site, scope);
  if (shell.length === 1) return shell;
  // An article is an item of several documents: each item is written once and placed where
  // JSON.stringify of the whole document would put it (test/render/feed-assembly.test.ts).
  const parts = [shell[0]];
  scope.articles.forEach((article, i) => {
    if (i > 0) parts.push(JSON_ITEM_SEPARATOR);
    parts.push(jsonItem(article, site.language));
  });
  parts.push(shell[1]);
  return parts;
}

/** What comes between two items. */
export const JSON_ITEM_SEPARATOR = ",\n    ";

/** The document without its items: its head and tail, or the whole document when it has none. */
export function jsonFeedShell(site: Site, scope: FeedScope): [string] | [string, string] {
  const { feed } = scope;
  const document: JsonFeed = {
    version: "https://jsonfeed.org/version/1.1",
    title: text(feed.title),
    home_page_url: feed.homeUrl,
    // "serves as the unique identifier for the feed": an archive page names the feed it belongs to.
    feed_url: absoluteUrl(site.url, (scope.current ?? scope.self).json),
    description: text(feed.description),
    // JSON Feed's pagination: "the URL of a feed that provides the next n items", i.e. older ones.
    ...(scope.prevArchive ? { next_url: absoluteUrl(site.url, scope.prevArchive.json) } : {}),
    icon: site.icon,
    favicon: site.icon,
    language: site.language,
    authors: [{ name: text(site.publisher.name), url: site.publisher.url }],
    ...(site.hub && !scope.archived ? { hubs: [{ type: "WebSub", url: site.hub }] } : {}),
    items: [],
  };
  const empty = escapeLessThan(JSON.stringify(document, null, 2));
  if (scope.articles.length === 0) return [`${empty}\n`];
  return [`${empty.slice(0, -EMPTY_ITEMS.length)}[\n    `, "\n  ]\n}\n"];
}

/** How JSON.stringify(document, null, 2) ends when `items`, the last key, is empty. */
const EMPTY_ITEMS = "[]\n}";

/** One article's item as JSON.stringify writes it two levels deep with an indent of 2, once per article and language. */
export function jsonItem(article: Article, language: string): string {
  return writtenJsonItem(article, language).item;
}

/** An item as written, with its content_html as JSON.stringify escapes it between the quotes. */
export interface WrittenJsonItem {
  item: string;
  /** JSON.stringify(content_html) without its quotes: what the item carries of the body (src/store/text.ts JsonEscaped). */
  escapedBody: string;
}

/** jsonItem, with the body's escape it wrote: the build stores the body once and the item around it. */
export function writtenJsonItem(article: Article, language: string): WrittenJsonItem {
  let items = JSON_ITEMS.get(article);
  if (!items) JSON_ITEMS.set(article, (items = new Map()));
  let written = items.get(language);
  if (written === undefined) {
    const body = feedBody(article);
    const value = (content_html: string): JsonFeedItem => ({
      id: article.url,
      url: article.url,
      title: text(article.title),
      content_html,
      summary: text(article.summary),
      // "the URL of the main image for the item", which readers show beside it (JSON Feed 1.1).
      ...(article.image ? { image: article.image.url } : {}),
      date_published: article.published.toISOString(),
      date_modified: article.updated.toISOString(),
      authors: [{ name: text(article.author) }],
      tags: article.tags.map(text),
      language,
    });
    // JSON.stringify never writes a line break inside a string, so indenting every line is exact.
    const indented = (json: string) => escapeLessThan(json).replaceAll("\n", "\n    ");
    // The body is escaped once, for the item and for the build's store (src/build/documents.ts
    // articleTexts): the item is written around a mark in its place, and JSON.stringify writes
    // each member's value on its own (ECMA-262 SerializeJSONProperty), so the body's escape put
    // where the mark's is gives the bytes of the whole written at once. The mark, U+FFFE, is a
    // character no content holds (src/build/xml-characters.ts): found once, it is the one put there.
    const quoted = JSON.stringify(body);
    const around = indented(JSON.stringify(value(BODY_MARK), null, 2));
    const at = around.indexOf(QUOTED_BODY_MARK);
    const item =
      at !== -1 && at === around.lastIndexOf(QUOTED_BODY_MARK)
        ? around.slice(0, at) + escapeLessThan(quoted) + around.slice(at + QUOTED_BODY_MARK.length)
        : indented(JSON.stringify(value(body), null, 2));
    items.set(language, (written = { item, escapedBody: quoted.slice(1, -1) }));
  }
  return written;
}

const BODY_MARK = "\uFFFE";
const QUOTED_BODY_MARK = JSON.stringify(BODY_MARK);

const JSON_ITEMS = new WeakMap<Article, Map<string, WrittenJsonItem>>();

/**
 * Plain text fields write "<" as \u003c (RFC 8259 §7): every JSON parser reads the same string,
 * and no markup-shaped text (a title such as "<script>…") appears in the bytes of a document that
 * something sniffs or shows as HTML by mistake. content_html is HTML and stays as it is. U+FFFF
 * marks the spot: no content can hold it (src/build/xml-characters.ts).
 */
const LESS_THAN = "\uFFFF";
const text = (value: string): string => value.replaceAll("<", LESS_THAN);
const escapeLessThan = (json: string): string => (json.includes(LESS_THAN) ? json.replaceAll(LESS_THAN, "\\u003c") : json);

interface JsonFeedAuthor {
  name: string;
  url?: string;
}

interface JsonFeed {
  version: "https://jsonfeed.org/version/1.1";
  title: string;
  home_page_url: string;
  feed_url: string;
  description: string;
  next_url?: string;
  icon: string;
  favicon: string;
  language: string;
  authors: JsonFeedAuthor[];
  hubs?: { type: string; url: string }[];
  items: JsonFeedItem[];
}

interface JsonFeedItem {
  id: string;
  url: string;
  title: string;
  content_html: string;
  summary: string;
  image?: string;
  date_published: string;
  date_modified: string;
  authors: JsonFeedAuthor[];
  tags: string[];
  language: string;
}
