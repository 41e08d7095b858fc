import { parseFeed } from "feedsmith";
import type { FeedFormat } from "./parsed-feeds.ts";

/** The feed-level links a client follows, as a real parser reads them: RFC 5005 relations, self and hub. */
export interface FeedLinks {
  self?: string | undefined;
  current?: string | undefined;
  prevArchive?: string | undefined;
  nextArchive?: string | undefined;
  hubs: string[];
}

export function feedLinks(format: FeedFormat, document: string): FeedLinks {
  if (format === "json") {
    const feed = JSON.parse(document) as { feed_url?: string; next_url?: string; hubs?: { url: string }[] };
    return { self: feed.feed_url, prevArchive: feed.next_url, hubs: (feed.hubs ?? []).map((hub) => hub.url) };
  }
  const parsed = parseFeed(document);
  const links =
    parsed.format === "rss" ? (parsed.feed.atom?.links ?? []) : parsed.format === "atom" ? (parsed.feed.links ?? []) : [];
  const href = (rel: string) => {
    const found = links.filter((link) => link.rel === rel);
    if (found.length > 1) throw new Error(`${found.length} links with rel="${rel}"`);
    return found[0]?.href;
  };
  return {
    self: href("self"),
    current: href("current"),
    prevArchive: href("prev-archive"),
    nextArchive: href("next-archive"),
    hubs: links.filter((link) => link.rel === "hub").map((link) => link.href ?? ""),
  };
}

/** The path a request for an absolute URL is looked up under: Hono decodes the percent-encoded path. */
export function servedPath(url: string): string {
  return decodeURI(new URL(url).pathname);
}
