import type { Site } from "../model.ts";
import { newFeed } from "./feed-document.ts";
import { withFeedHistory } from "./feed-history.ts";
import { cdataSafe } from "./feed-items.ts";
import type { FeedScope } from "./feed-scope.ts";

/** RSS 2.0 with full content in `content:encoded`, a self link, and `dc:creator` for authors. */
export function renderRss(site: Site, scope: FeedScope): string {
  const feed = newFeed(site, scope, "rss");
  for (const article of scope.articles) {
    feed.addItem({
      title: cdataSafe(article.title),
      link: article.url,
      date: article.updated,
      published: article.published,
      description: cdataSafe(article.summary),
      content: cdataSafe(article.html),
      category: article.tags.map((name) => ({ name })),
      // RSS's own <author> must be an e-mail address (the W3C validator rejects a bare name);
      // Dublin Core's creator is the form readers understand for a name alone.
      extensions: [{ name: "dc:creator", objects: { _text: article.author } }],
    });
  }
  return withFeedHistory(feed.rss2(), site, scope, "rss");
}
