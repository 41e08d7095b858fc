import { Feed } from "feed";
import { Hono } from "hono";

/**
 * The naive design, for comparison only: a Hono Worker that builds the RSS document with the
 * `feed` library on every request, from article data bound at start-up (already rendered HTML,
 * so it is spared the Markdown step a real naive Worker would also pay). bench/run.ts serves it
 * twice: with 1 item and with 50.
 */
export interface NaiveItem {
  title: string;
  url: string;
  summary: string;
  html: string;
  author: string;
  tags: string[];
  published: string;
  updated: string;
}

export interface NaiveSite {
  title: string;
  description: string;
  url: string;
  language: string;
}

interface Env {
  SITE: NaiveSite;
  ITEMS: NaiveItem[];
}

const app = new Hono<{ Bindings: Env }>();

app.get("/feed.xml", (c) => {
  const { SITE: site, ITEMS: items } = c.env;
  const feed = new Feed({
    title: site.title,
    description: site.description,
    id: `${site.url}/`,
    link: `${site.url}/`,
    language: site.language,
    copyright: "",
    updated: new Date(items[0]?.updated ?? 0),
    feedLinks: { rss: `${site.url}/feed.xml` },
  });
  for (const item of items) {
    feed.addItem({
      title: item.title,
      id: item.url,
      link: item.url,
      description: item.summary,
      content: item.html,
      author: [{ name: item.author }],
      category: item.tags.map((name) => ({ name })),
      date: new Date(item.updated),
      published: new Date(item.published),
    });
  }
  return c.body(feed.rss2(), 200, { "content-type": "application/rss+xml; charset=utf-8" });
});

export default app;
