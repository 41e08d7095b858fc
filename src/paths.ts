import { perFeedFormat, type PerFeedFormat } from "./feed-formats.ts";

/** The public URL space, shared by the renderers (links) and the build (where each document is served). */
export const PATHS = {
  home: "/",
  /** The site's own feed in each format (src/feed-formats.ts). */
  feed: subscriptionPaths(""),
  /** One of the site's feeds, chosen by the Accept header (src/http/routes.ts). */
  negotiatedFeed: "/feed",
  icon: "/icon.svg",
  copyScript: "/copy.js",
  /** The sitemap (sitemaps.org 0.9): the URL set, or past its URL limit an index of the parts below. */
  sitemap: "/sitemap.xml",
  sitemapPart: (n: number) => `/sitemaps/${n}.xml`,
  robots: "/robots.txt",
  article: (slug: string) => `/articles/${slug}`,
  articleAmp: (slug: string) => `/articles/${slug}/amp`,
  /** A processed photo, served by Cloudflare from the static assets (wrangler.toml `[assets]`), never by the Worker. */
  media: (name: string) => `/media/${name}`,
} as const;

/** The path pattern of every processed photo, as the assets' `_headers` file writes it. */
export const MEDIA_PATTERN = "/media/*";

/** Where one feed document is served in each format. */
export type FeedPaths = PerFeedFormat<string>;

/**
 * The subscription documents of a feed whose documents live under `base`: "" for the site's own
 * feed (so /feed.xml, /atom.xml, /feed.json stay where they always were), `/tags/china` for a topic.
 */
export function subscriptionPaths(base: string): FeedPaths {
  return perFeedFormat(({ file }) => `${base}/${file}`);
}

/**
 * An RFC 5005 archive page. The page size is part of the path: page 3 of 50-item pages and page 3
 * of 20-item pages hold different articles, and an archive URL is cached as immutable, so changing
 * `feedItems` must move the archive rather than change what an old URL holds.
 */
export function archivePaths(base: string, pageSize: number, page: number): FeedPaths {
  return subscriptionPaths(`${base}/archive/${pageSize}/${page}`);
}

/** Where a topic's documents live; the slug is already normalised (src/topics.ts). */
export function topicBase(slug: string): string {
  return `/tags/${slug}`;
}

/**
 * One page of a list of articles under `base` ("" for the index, `/tags/<slug>` for a topic):
 * the first page at the base itself (`/`, `/tags/<slug>`), the others at `<base>/page/<n>`.
 */
export function listingPath(base: string, page: number | "first" | undefined): string {
  if (page === undefined || page === "first") return base || PATHS.home;
  return `${base}/page/${page}`;
}

/**
 * The absolute URL of a served path. Paths are kept decoded (they are the keys the Worker looks up,
 * and Hono decodes the request path before lookup), so a topic slug with non-ASCII letters is
 * percent-encoded here, once, for every link that leaves the build.
 */
export function absoluteUrl(siteUrl: string, path: string): string {
  return `${siteUrl}${encodeURI(path)}`;
}
