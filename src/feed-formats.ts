/**
 * The feed formats the site publishes, one row each, in the order people most often look for
 * them; the first is what `/feed` serves when the Accept header prefers none. Everything that
 * names a format reads this table: where its documents are served (src/paths.ts), how the build
 * renders and types them (src/build/documents.ts), negotiation on `/feed` (src/http/routes.ts),
 * autodiscovery links, the subscribe block and topic lists (src/render/), and archive links
 * (src/render/feed-adapter.ts). Adding a format is a row here and its renderer.
 */
export const FEED_FORMATS = [
  {
    name: "rss",
    /** What a person calls it, in links and lists. */
    label: "RSS",
    /** The last segment of its path: `/feed.xml`, `/tags/x/feed.xml`, `/archive/50/1/feed.xml`. */
    file: "feed.xml",
    mediaType: "application/rss+xml",
    /** Other media types a client may ask for it by, below its own (structured syntax suffixes, RFC 6839). */
    aliases: ["application/xml", "text/xml"],
  },
  { name: "atom", label: "Atom", file: "atom.xml", mediaType: "application/atom+xml", aliases: ["application/xml", "text/xml"] },
  { name: "json", label: "JSON Feed", file: "feed.json", mediaType: "application/feed+json", aliases: ["application/json"] },
] as const satisfies readonly FeedFormatRow[];

export interface FeedFormatRow {
  readonly name: string;
  readonly label: string;
  readonly file: string;
  readonly mediaType: string;
  readonly aliases: readonly string[];
}

export type FeedFormat = (typeof FEED_FORMATS)[number]["name"];

/** The rows by name. */
export const FEED_FORMAT = Object.fromEntries(FEED_FORMATS.map((format) => [format.name, format])) as {
  readonly [Name in FeedFormat]: Extract<(typeof FEED_FORMATS)[number], { name: Name }>;
};

/** One value per feed format, e.g. where each of a feed document's formats is served. */
export type PerFeedFormat<T> = { readonly [Name in FeedFormat]: T };

/** `fn` applied to every format, by name. */
export function perFeedFormat<T>(fn: (format: (typeof FEED_FORMATS)[number]) => T): PerFeedFormat<T> {
  return Object.fromEntries(FEED_FORMATS.map((format) => [format.name, fn(format)])) as unknown as PerFeedFormat<T>;
}
