import type { Corpus } from "../model.ts";
import { PATHS } from "../paths.ts";
import { newFeed } from "./feed-document.ts";
import { cdataSafe, feedArticles } from "./feed-items.ts";

/** RSS 2.0 with full content in `content:encoded`, a self link, and `dc:creator` for authors. */
export function renderRss(corpus: Corpus): string {
  const articles = feedArticles(corpus);
  const feed = newFeed(corpus, articles, PATHS.rss);
  for (const article of articles) {
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
  return feed.rss2();
}
