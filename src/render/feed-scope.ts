import type { Article, Corpus, Site } from "../model.ts";
import { absoluteUrl, archivePaths, listingPath, PATHS, subscriptionPaths, topicBase, type FeedPaths } from "../paths.ts";
import type { Topic } from "../topics.ts";

/**
 * One logical feed (RFC 5005's term): the site's own, or one topic's. It is served as a
 * subscription document (the newest `site.feedItems` articles) plus archive documents holding the rest.
 */
export interface LogicalFeed {
  title: string;
  description: string;
  /** Absolute URL of the HTML page the feed stands for. */
  homeUrl: string;
  /** The feed's identity (Atom id), shared by its subscription and archive documents (RFC 5005 §4). */
  id: string;
  /** The decoded path its documents live under: "" for the site, `/tags/<slug>` for a topic. */
  base: string;
  /** The topic's slug, for a topic's feed. */
  topic?: string;
  /** Every article of the feed, newest first. */
  articles: readonly Article[];
}

/** One feed document, the same in all three formats: what it holds and what it links to. */
export interface FeedScope {
  feed: LogicalFeed;
  /** Where this document is served. */
  self: FeedPaths;
  /** Its items, newest first. */
  articles: readonly Article[];
  /** RFC 5005 archive document (`fh:archive`), rather than the subscription document. */
  archived: boolean;
  /** The subscription document (RFC 5005 `current`), on archive documents. */
  current?: FeedPaths;
  /** The next older archive document (`prev-archive`; JSON Feed `next_url`). */
  prevArchive?: FeedPaths;
  /** The next newer archive document (`next-archive`). */
  nextArchive?: FeedPaths;
}

export function siteFeed({ site, articles }: Corpus): LogicalFeed {
  return { title: site.title, description: site.description, homeUrl: `${site.url}${PATHS.home}`, id: `${site.url}/`, base: "", articles };
}

export function topicFeed(site: Site, topic: Topic): LogicalFeed {
  const base = topicBase(topic.slug);
  return {
    title: topicFeedTitle(site, topic.name),
    description: `Every article tagged “${topic.name}” on ${site.title}.`,
    homeUrl: absoluteUrl(site.url, listingPath(base, undefined)),
    // The id predates topic pages and must never change: the Atom subscription URL stays the id.
    id: absoluteUrl(site.url, subscriptionPaths(base).atom),
    base,
    topic: topic.slug,
    articles: topic.articles,
  };
}

/** A topic feed's title, also used by the autodiscovery links that announce it. */
export function topicFeedTitle(site: Site, topicName: string): string {
  return `${topicName} · ${site.title}`;
}

/** The scope of a feed's subscription document alone: feedDocuments' first, without the archives. */
export function subscriptionScope(feed: LogicalFeed, pageSize: number): FeedScope {
  const fullPages = Math.floor(feed.articles.length / pageSize);
  return {
    feed,
    self: subscriptionPaths(feed.base),
    articles: feed.articles.slice(0, pageSize),
    archived: false,
    ...(fullPages > 0 ? { prevArchive: archivePaths(feed.base, pageSize, fullPages) } : {}),
  };
}

/**
 * Every document of a feed: first the subscription document, then its archive pages, newest first.
 *
 * Archive pages are counted from the oldest article (page 1 holds the oldest `pageSize`), so a
 * full page keeps its articles forever however many are published after it; the newest, partial
 * page is not an archive, since its articles are all in the subscription document. The
 * subscription document and the newest archive page may share up to `pageSize - 1` articles: a
 * client that backfills merges by id (RFC 5005 §4.2), and every article is in exactly one archive
 * page or in the subscription document.
 */
export function feedDocuments(feed: LogicalFeed, pageSize: number): FeedScope[] {
  const oldestFirst = [...feed.articles].reverse();
  const fullPages = Math.floor(oldestFirst.length / pageSize);
  const page = (n: number) => archivePaths(feed.base, pageSize, n);
  const subscription = subscriptionScope(feed, pageSize);
  const current = subscription.self;
  const archives: FeedScope[] = [];
  for (let n = fullPages; n >= 1; n--) {
    archives.push({
      feed,
      self: page(n),
      articles: oldestFirst.slice((n - 1) * pageSize, n * pageSize).reverse(),
      archived: true,
      current,
      ...(n > 1 ? { prevArchive: page(n - 1) } : {}),
      ...(n < fullPages ? { nextArchive: page(n + 1) } : {}),
    });
  }
  return [subscription, ...archives];
}
