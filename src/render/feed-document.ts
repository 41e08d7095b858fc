import { Feed } from "feed";
import type { Site } from "../model.ts";
import { absoluteUrl } from "../paths.ts";
import type { FeedScope } from "./feed-scope.ts";
import { lastUpdated } from "./feed-items.ts";

/** The channel-level options shared by the RSS and Atom documents, all absolute and content-derived. */
export function newFeed(site: Site, scope: FeedScope, format: "rss" | "atom"): Feed {
  const { feed } = scope;
  return new Feed({
    id: feed.id,
    title: feed.title,
    description: feed.description,
    link: feed.homeUrl,
    language: site.language,
    favicon: site.icon,
    copyright: `© ${site.publisher.name}`,
    updated: lastUpdated(scope.articles),
    generator: "edgefeed",
    feed: absoluteUrl(site.url, scope.self[format]),
    author: { name: site.publisher.name, link: site.publisher.url },
    // WebSub topics are the subscription documents; archives never change, so nobody subscribes to them.
    ...(site.hub && !scope.archived ? { hub: site.hub } : {}),
  });
}
