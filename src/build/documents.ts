import { createHash } from "node:crypto";
import { FEED_FORMATS, type FeedFormat } from "../feed-formats.ts";
import { assertValidFeed, feedDocumentProblem } from "./check-feeds.ts";
import type { Article, Corpus, Site } from "../model.ts";
import { listingPages, type ListingPage } from "../pagination.ts";
import { absoluteUrl, listingPath, PATHS, topicBase } from "../paths.ts";
import type { BuildCache, PageKind } from "./build-cache.ts";
import { renderAmpPage } from "../render/amp-page.ts";
import { renderArticlePage } from "../render/article-page.ts";
import { atomParts } from "../render/atom.ts";
import type { XmlCheck } from "../render/feed-adapter.ts";
import { renderCopyScript } from "../render/copy-script.ts";
import { lastUpdated } from "../render/feed-items.ts";
import { feedDocuments, siteFeed, topicFeed, type FeedScope, type LogicalFeed } from "../render/feed-scope.ts";
import { renderIndexPage } from "../render/index-page.ts";
import { jsonFeedParts } from "../render/json-feed.ts";
import { renderRobots } from "../render/robots.ts";
import { rssParts } from "../render/rss.ts";
import { renderSitemaps, type SitemapEntry } from "../render/sitemap.ts";
import { renderTopicPage } from "../render/topic-page.ts";
import type { CacheClass, ContentPolicy, RenderedDocument } from "../store/document.ts";
import { topicsOf } from "../topics.ts";
import { cacheTag, TAGS } from "./cache-tags.ts";

export interface Assets {
  icon: string;
}

export interface RenderOptions {
  /** URLs per sitemap before /sitemap.xml becomes an index of parts (tests make it small). */
  sitemapUrlLimit?: number;
  /** Pages kept from earlier builds (src/build/build-cache.ts). */
  cache?: BuildCache | undefined;
}

/** Every document the Worker serves, keyed by path: all rendering happens here, once. */
export function renderDocuments(corpus: Corpus, assets: Assets, options: RenderOptions = {}): Map<string, RenderedDocument> {
  // An article's pages are a function of the site and the article alone, so a cache keyed by the
  // article's file and the site's settings can keep them.
  const { cache } = options;
  const articlePage = (article: Article, kind: PageKind, render: () => string) => (cache ? cache.page(article, kind, render) : render());
  const { site, articles } = corpus;
  const documents = new Map<string, RenderedDocument>([
    [PATHS.icon, rendered(assets.icon, "image/svg+xml", new Date(0), "asset", "inert", cacheTag(PATHS.icon, [TAGS.assets]))],
    [PATHS.copyScript, rendered(renderCopyScript(), "text/javascript; charset=utf-8", new Date(0), "asset", "inert", cacheTag(PATHS.copyScript, [TAGS.assets]))],
    [PATHS.robots, rendered(renderRobots(site), "text/plain; charset=utf-8", new Date(0), "feed", "inert", cacheTag(PATHS.robots, [TAGS.crawlers]))],
  ]);
  // Every canonical HTML page (AMP pages name theirs with rel=canonical), for the sitemap.
  const pages: SitemapEntry[] = [];
  const addPage = (path: string, body: string, updated: Date, cacheClass: CacheClass, tags: readonly string[]) => {
    documents.set(path, rendered(body, HTML, updated, cacheClass, "page", cacheTag(path, [...tags, TAGS.pages])));
    pages.push({ url: absoluteUrl(site.url, path), lastModified: updated });
  };
  for (const page of listingPages(articles)) {
    // The first page also lists every topic with its count, so it changes with any article.
    const updated = lastUpdated(page.number === undefined ? articles : page.articles);
    addPage(listingPath("", page.number), renderIndexPage(corpus, page), updated, listingCacheClass(page), []);
  }
  for (const topic of topicsOf(articles)) {
    for (const page of listingPages(topic.articles)) {
      const path = listingPath(topicBase(topic.slug), page.number);
      addPage(path, renderTopicPage(site, topic, page), lastUpdated(page.articles), listingCacheClass(page), [TAGS.topic(topic.slug)]);
    }
  }
  for (const feed of allFeeds(corpus)) {
    for (const scope of feedDocuments(feed, site.feedItems)) {
      for (const [path, document] of renderFeedDocument(site, scope)) documents.set(path, document);
    }
  }
  for (const article of articles) {
    addPage(PATHS.article(article.slug), articlePage(article, "page", () => renderArticlePage(site, article)), article.updated, "page", [TAGS.article(article.slug)]);
    const amp = PATHS.articleAmp(article.slug);
    documents.set(amp, rendered(articlePage(article, "amp", () => renderAmpPage(site, article)), HTML, article.updated, "page", "amp", cacheTag(amp, [TAGS.article(article.slug), TAGS.pages])));
  }
  // Crawlers poll the sitemap as readers poll a feed, and it changes with each new article.
  for (const sitemap of renderSitemaps(site, pages, options.sitemapUrlLimit)) {
    const tag = cacheTag(sitemap.path, [TAGS.crawlers]);
    documents.set(sitemap.path, rendered(sitemap.body, "application/xml; charset=utf-8", sitemap.lastModified, "feed", "inert", tag));
  }
  return documents;
}

const HTML = "text/html; charset=utf-8";

/**
 * A page of the index or of a topic: cached like the index while new articles can still change
 * it, like a sealed archive once it never will (src/pagination.ts).
 */
function listingCacheClass(page: ListingPage): CacheClass {
  return page.final ? "archive" : "index";
}

/** How each feed format is rendered, for every format in src/feed-formats.ts. */
const RENDER_FEED: Readonly<Record<FeedFormat, (site: Site, scope: FeedScope, check?: XmlCheck) => string[]>> = {
  rss: rssParts,
  atom: atomParts,
  json: jsonFeedParts,
};

/** One feed document in every format, by path. */
function renderFeedDocument(site: Site, scope: FeedScope): [string, RenderedDocument][] {
  const updated = lastUpdated(scope.articles);
  // Only an archive page that already links to a newer one is final, byte for byte; the newest
  // archive page gains its next-archive link when the following page fills up.
  const cacheClass = scope.archived && scope.nextArchive ? "archive" : "feed";
  return FEED_FORMATS.map(({ name, mediaType }) => {
    const path = scope.self[name];
    const render = RENDER_FEED[name];
    // RSS and Atom are checked in parts as they are assembled (src/render/feed-adapter.ts); only
    // when a part fails is the whole document checked, which names the articles involved.
    let partFailed = false;
    const parts = render(site, scope, (xml) => (partFailed ||= feedDocumentProblem(name, xml) !== undefined));
    const body = parts.join("");
    if (name === "json" || partFailed) assertValidFeed(path, name, body, (articles) => render(site, { ...scope, articles }).join(""), scope.articles);
    const document = rendered(body, `${mediaType}; charset=utf-8`, updated, cacheClass, "inert", cacheTag(path, feedTags(scope.feed)), parts);
    if (site.hub && !scope.archived) document.link = websubLink(site.hub, absoluteUrl(site.url, path));
    return [path, document];
  });
}

/**
 * WebSub discovery by Link headers (WebSub §4), the one mechanism that works for every format:
 * RSS and Atom also carry the links in the document, JSON Feed only its own `hubs`.
 */
function websubLink(hub: string, self: string): string {
  return `<${new URL(hub).href}>; rel="hub", <${self}>; rel="self"`;
}

/** The site's feed, then one feed per topic. */
export function allFeeds(corpus: Corpus): LogicalFeed[] {
  return [siteFeed(corpus), ...topicsOf(corpus.articles).map((topic) => topicFeed(corpus.site, topic))];
}

/** The groups a feed's documents are purged by: the feed itself, its topic if any, every feed. */
function feedTags(feed: LogicalFeed): string[] {
  return feed.topic === undefined ? [TAGS.siteFeed, TAGS.feeds] : [TAGS.topicFeed(feed.topic), TAGS.topic(feed.topic), TAGS.feeds];
}

function rendered(
  body: string,
  contentType: string,
  updated: Date,
  cacheClass: CacheClass,
  contentPolicy: ContentPolicy,
  cacheTag: string,
  parts?: readonly string[],
): RenderedDocument {
  return {
    body,
    ...(parts && parts.length > 1 ? { parts } : {}),
    byteLength: parts ? parts.reduce((bytes, part) => bytes + Buffer.byteLength(part, "utf8"), 0) : Buffer.byteLength(body, "utf8"),
    contentType,
    etag: entityTag(parts ?? [body]),
    lastModified: updated.toUTCString(),
    cacheClass,
    contentPolicy,
    cacheTag,
  };
}

/** A strong validator (RFC 9110 §8.8.3): 128 bits of SHA-256 over the exact body bytes. */
export function entityTag(body: string | readonly string[]): string {
  const hash = createHash("sha256");
  for (const part of typeof body === "string" ? [body] : body) hash.update(part, "utf8");
  return `"${hash.digest("base64url").slice(0, 22)}"`;
}
