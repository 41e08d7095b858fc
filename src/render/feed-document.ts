import { Feed } from "feed";
import { lastUpdated } from "./feed-items.ts";
import type { Article, Corpus } from "../model.ts";

/** The channel-level options shared by the RSS and Atom documents, all absolute and content-derived. */
export function newFeed(corpus: Corpus, articles: readonly Article[], selfPath: string): Feed {
  const { site } = corpus;
  return new Feed({
    id: `${site.url}/`,
    title: site.title,
    description: site.description,
    link: `${site.url}/`,
    language: site.language,
    favicon: site.icon,
    copyright: `© ${site.publisher.name}`,
    updated: lastUpdated(articles),
    generator: "edgefeed",
    feed: `${site.url}${selfPath}`,
    author: { name: site.publisher.name, link: site.publisher.url },
  });
}
