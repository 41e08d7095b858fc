import type { Corpus } from "../model.ts";
import { PATHS } from "../paths.ts";
import { feedArticles } from "./feed-items.ts";

/**
 * JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). Written here rather than adapted from
 * `feed`, whose json1() emits version 1 (`author`, no `language`): renaming and deleting keys in
 * its output would be more code than the format itself, and JSON.stringify already escapes
 * everything that needs escaping.
 */
export function renderJsonFeed(corpus: Corpus): string {
  const { site } = corpus;
  const document: JsonFeed = {
    version: "https://jsonfeed.org/version/1.1",
    title: site.title,
    home_page_url: `${site.url}/`,
    feed_url: `${site.url}${PATHS.jsonFeed}`,
    description: site.description,
    icon: site.icon,
    favicon: site.icon,
    language: site.language,
    authors: [{ name: site.publisher.name, url: site.publisher.url }],
    items: feedArticles(corpus).map((article) => ({
      id: article.url,
      url: article.url,
      title: article.title,
      content_html: article.html,
      summary: article.summary,
      date_published: article.published.toISOString(),
      date_modified: article.updated.toISOString(),
      authors: [{ name: article.author }],
      tags: [...article.tags],
      language: site.language,
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

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
  icon: string;
  favicon: string;
  language: string;
  authors: JsonFeedAuthor[];
  items: {
    id: string;
    url: string;
    title: string;
    content_html: string;
    summary: string;
    date_published: string;
    date_modified: string;
    authors: JsonFeedAuthor[];
    tags: string[];
    language: string;
  }[];
}
