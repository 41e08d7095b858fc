/**
 * `Cache-Tag` values, so an operator can purge exactly what changed from Cloudflare's Workers
 * Cache (or any CDN that reads the header) rather than everything. Every document carries its
 * own tag, then the groups it belongs to:
 *
 * | tag | on |
 * |---|---|
 * | `doc:<path>` | that one document (its path, percent-encoded) |
 * | `article:<slug>` | an article's page and its AMP page |
 * | `feed:site`, `feed:topic:<slug>` | every document of one feed: subscription and archives, in all three formats |
 * | `topic:<slug>` | a topic's pages and feeds |
 * | `feeds`, `pages`, `assets`, `crawlers` | every feed document; every HTML page; the icon and script; sitemap and robots.txt |
 *
 * Tags are printable ASCII without spaces or commas, as Cloudflare requires, so a topic's slug
 * is percent-encoded (`topic:%EC%99%B8%EA%B5%90`); they are case-insensitive there, and every
 * path and slug here is lower-case anyway.
 */
export function cacheTag(path: string, groups: readonly string[]): string {
  return [`doc:${encodeURI(path)}`, ...groups].join(",");
}

export const TAGS = {
  feeds: "feeds",
  pages: "pages",
  assets: "assets",
  crawlers: "crawlers",
  article: (slug: string) => `article:${slug}`,
  siteFeed: "feed:site",
  topicFeed: (topicSlug: string) => `feed:topic:${encodeURIComponent(topicSlug)}`,
  topic: (topicSlug: string) => `topic:${encodeURIComponent(topicSlug)}`,
} as const;
