import type { Article } from "../model.ts";
import { writeItems, type FeedEntry } from "./feed-adapter.ts";
import { escapeHtml } from "./html.ts";
import { feedBody } from "./photo.ts";

/**
 * A feed's updated time is its newest item's (never the build's clock), so the same content
 * always gives the same bytes. An empty feed falls back to the Unix epoch.
 */
export function lastUpdated(articles: readonly Article[]): Date {
  // A loop, not Math.max(...articles): spreading copies every date into an argument list (the
  // index's first page passes every article), and past about 100,000 arguments it throws.
  let latest = 0;
  for (const article of articles) latest = Math.max(latest, article.updated.getTime());
  return new Date(latest);
}

/**
 * An article as an RSS item or Atom entry. The summary is plain text everywhere (docs/content.md):
 * where a feed field holds HTML (RSS description, Atom summary) it is that text, escaped.
 */
export function feedEntry(article: Article): FeedEntry {
  // The same object for every document the article is in, so its items are written once (feed-adapter.ts).
  let entry = ENTRIES.get(article);
  if (!entry) ENTRIES.set(article, (entry = newEntry(article)));
  return entry;
}

const ENTRIES = new WeakMap<Article, FeedEntry>();

/**
 * Writes these articles' RSS items and Atom entries together, ahead of rendering them one by one
 * (src/build/article-pool.ts): the same bytes, in fewer `feed` documents (feed-adapter.ts writeItems).
 */
export function writeFeedItems(articles: readonly Article[]): void {
  writeItems(articles.map(feedEntry));
}

function newEntry(article: Article): FeedEntry {
  return {
    title: article.title,
    url: article.url,
    published: article.published,
    updated: article.updated,
    author: article.author,
    tags: article.tags,
    summaryHtml: escapeHtml(article.summary),
    contentHtml: feedBody(article),
    image: article.image,
  };
}
