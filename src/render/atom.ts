import type { Site } from "../model.ts";
import { newFeed } from "./feed-document.ts";
import { withFeedHistory } from "./feed-history.ts";
import { cdataSafe } from "./feed-items.ts";
import type { FeedScope } from "./feed-scope.ts";
import { escapeHtml } from "./html.ts";

/** Atom 1.0 (RFC 4287) with full content, per-entry published and updated times, and authors. */
export function renderAtom(site: Site, scope: FeedScope): string {
  const feed = newFeed(site, scope, "atom");
  for (const article of scope.articles) {
    feed.addItem({
      // `feed` marks Atom titles and summaries type="html" but passes plain text through as is;
      // RFC 4287 §3.1.1.2 says such text is escaped HTML, so a "<" in a title must arrive as "&lt;".
      title: cdataSafe(escapeHtml(article.title)),
      link: article.url,
      date: article.updated,
      published: article.published,
      description: cdataSafe(escapeHtml(article.summary)),
      content: cdataSafe(article.html),
      author: [{ name: article.author }],
      category: article.tags.map((tag) => ({ name: tag, term: tag })),
    });
  }
  return withFeedHistory(feed.atom1(), site, scope, "atom");
}
