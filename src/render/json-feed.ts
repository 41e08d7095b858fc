import type { Site } from "../model.ts";
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
    items: scope.articles.map((article) => ({
      id: article.url,
      url: article.url,
      title: text(article.title),
      content_html: feedBody(article),
      summary: text(article.summary),
      // "the URL of the main image for the item", which readers show beside it (JSON Feed 1.1).
      ...(article.image ? { image: article.image.url } : {}),
      date_published: article.published.toISOString(),
      date_modified: article.updated.toISOString(),
      authors: [{ name: text(article.author) }],
      tags: article.tags.map(text),
      language: site.language,
    })),
  };
  const json = JSON.stringify(document, null, 2);
  return `${json.includes(LESS_THAN) ? json.replaceAll(LESS_THAN, "\\u003c") : json}\n`;
}

/**
 * Plain text fields write "<" as \u003c (RFC 8259 §7): every JSON parser reads the same string,
 * and no markup-shaped text (a title such as "<script>…") appears in the bytes of a document that
 * something sniffs or shows as HTML by mistake. content_html is HTML and stays as it is. U+FFFF
 * marks the spot: no content can hold it (src/build/xml-characters.ts).
 */
const LESS_THAN = "\uFFFF";
const text = (value: string): string => value.replaceAll("<", LESS_THAN);

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
  items: {
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
  }[];
}
