import { hash } from "node:crypto";
import { FEED_FORMATS, type FeedFormat } from "../feed-formats.ts";
import { assertValidFeed, feedDocumentProblem } from "./check-feeds.ts";
import type { Article, Corpus, Site } from "../model.ts";
import { listingPages, type ListingPage } from "../pagination.ts";
import { absoluteUrl, listingPath, PATHS, topicBase } from "../paths.ts";
import type { BuildCache } from "./build-cache.ts";
import { renderAmpPage, SHARED_AMP_MARKUP } from "../render/amp-page.ts";
import { renderArticlePage } from "../render/article-page.ts";
import { feedShell, itemXml, NO_ITEMS, type BodySplit } from "../render/feed-adapter.ts";
import { renderCopyScript } from "../render/copy-script.ts";
import { feedEntry, lastUpdated } from "../render/feed-items.ts";
import { feedDocuments, siteFeed, topicFeed, type FeedScope, type LogicalFeed } from "../render/feed-scope.ts";
import { ARTICLE_LIST_END, ARTICLE_LIST_START, articleTeaser } from "../render/article-list.ts";
import { renderIndexPage } from "../render/index-page.ts";
import { JSON_ITEM_SEPARATOR, jsonFeedShell, renderJsonFeed, writtenJsonItem } from "../render/json-feed.ts";
import { SHARED_PAGE_MARKUP } from "../render/layout.ts";
import { feedBody } from "../render/photo.ts";
import { renderRobots } from "../render/robots.ts";
import { renderAtom } from "../render/atom.ts";
import { renderRss } from "../render/rss.ts";
import { renderSitemaps, type SitemapEntry } from "../render/sitemap.ts";
import { renderTopicPage } from "../render/topic-page.ts";
import type { CacheClass, ContentPolicy, RenderedDocument } from "../store/document.ts";
import { DIGEST_BYTES, joinParts, JsonEscaped, Text, Texts, type Part } from "../store/text.ts";
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
  return renderSite(corpus, assets, options).documents;
}

/** What the encoder is given: every document, and the texts that belong to each article. */
export interface RenderedSite {
  documents: Map<string, RenderedDocument>;
  /** Each article's own texts (its ArticleTexts' `own`), in the corpus's order: src/store/encode.ts's groups. */
  groups: Text[][];
  /** Each group's bytes one after another, where the build's cache has them so (ArticleTexts' `ownBytes`): layOutText's groupBytes. */
  groupBytes: ((() => Buffer) | undefined)[];
}

/** renderDocuments, with the articles' texts grouped for the encoder. */
export function renderSite(corpus: Corpus, assets: Assets, options: RenderOptions = {}): RenderedSite {
  const { cache } = options;
  const { site, articles } = corpus;
  const texts = new Texts();
  const shared = sharedMarkup(site);
  // An article's pages and items are a function of the site and the article alone, so a cache
  // keyed by the article's file and the site's settings can keep them.
  const ofArticle = new Map<Article, ArticleTexts>();
  for (const article of articles) {
    // Each article's texts are its own (a registry of its own): its chunks depend on it alone.
    const own = new Texts();
    ofArticle.set(article, cache ? cache.articleTexts(article, own, shared, () => renderArticle(site, article)) : articleTexts(own, shared, renderArticle(site, article)));
  }
  const articleTextsOf = (article: Article) => ofArticle.get(article)!;
  const single = (body: string) => [texts.of(body)];
  const documents = new Map<string, RenderedDocument>([
    [PATHS.icon, rendered(single(assets.icon), "image/svg+xml", new Date(0), "asset", "inert", cacheTag(PATHS.icon, [TAGS.assets]))],
    [PATHS.copyScript, rendered(single(renderCopyScript()), "text/javascript; charset=utf-8", new Date(0), "asset", "inert", cacheTag(PATHS.copyScript, [TAGS.assets]))],
    [PATHS.robots, rendered(single(renderRobots(site)), "text/plain; charset=utf-8", new Date(0), "feed", "inert", cacheTag(PATHS.robots, [TAGS.crawlers]))],
  ]);
  // Every canonical HTML page (AMP pages name theirs with rel=canonical), for the sitemap.
  const pages: SitemapEntry[] = [];
  const addPage = (path: string, parts: readonly Part[], updated: Date, cacheClass: CacheClass, tags: readonly string[], etag?: string) => {
    documents.set(path, rendered(parts, HTML, updated, cacheClass, "page", cacheTag(path, [...tags, TAGS.pages]), etag));
    pages.push({ url: absoluteUrl(site.url, path), lastModified: updated });
  };
  // A listing page is its page rendered with no articles, their teasers (each an article's own
  // text, the same on the index and on each of its topics' pages) where the list is.
  const listing = (render: (page: ListingPage) => string, page: ListingPage): Part[] => {
    const [head, tail] = listParts(render({ ...page, articles: [] }));
    // Into the head's own array: a listing has dozens of teasers, and there are hundreds of listings.
    const parts = texts.cut(head, shared.listing);
    for (const article of page.articles) parts.push(...articleTextsOf(article).teaser);
    parts.push(...texts.cut(tail, shared.listing));
    return parts;
  };
  for (const page of listingPages(articles)) {
    // The first page also lists every topic with its count, so it changes with any article.
    const updated = lastUpdated(page.number === undefined ? articles : page.articles);
    addPage(listingPath("", page.number), listing((page) => renderIndexPage(corpus, page), page), updated, listingCacheClass(page), []);
  }
  for (const topic of topicsOf(articles)) {
    for (const page of listingPages(topic.articles)) {
      const path = listingPath(topicBase(topic.slug), page.number);
      addPage(path, listing((page) => renderTopicPage(site, topic, page), page), lastUpdated(page.articles), listingCacheClass(page), [TAGS.topic(topic.slug)]);
    }
  }
  for (const feed of allFeeds(corpus)) {
    for (const scope of feedDocuments(feed, site.feedItems)) {
      for (const [path, document] of renderFeedDocument(site, scope, texts, articleTextsOf, cache)) documents.set(path, document);
    }
  }
  for (const article of articles) {
    const own = articleTextsOf(article);
    addPage(PATHS.article(article.slug), own.page, article.updated, "page", [TAGS.article(article.slug)], own.entityTags?.[0]);
    const amp = PATHS.articleAmp(article.slug);
    documents.set(amp, rendered(own.amp, HTML, article.updated, "page", "amp", cacheTag(amp, [TAGS.article(article.slug), TAGS.pages]), own.entityTags?.[1]));
  }
  // Crawlers poll the sitemap as readers poll a feed, and it changes with each new article.
  for (const sitemap of renderSitemaps(site, pages, options.sitemapUrlLimit)) {
    const tag = cacheTag(sitemap.path, [TAGS.crawlers]);
    documents.set(sitemap.path, rendered(single(sitemap.body), "application/xml; charset=utf-8", sitemap.lastModified, "feed", "inert", tag));
  }
  const own = articles.map(articleTextsOf);
  return { documents, groups: own.map((texts) => texts.own), groupBytes: own.map((texts) => texts.ownBytes) };
}

const HTML = "text/html; charset=utf-8";

/** A listing page rendered with no articles, cut where its teasers go: inside its one empty list. */
export function listParts(page: string): [head: string, tail: string] {
  const empty = `${ARTICLE_LIST_START}${ARTICLE_LIST_END}`;
  const at = page.indexOf(empty);
  if (at < 0 || page.includes(empty, at + 1)) throw new Error(`a listing page must hold one list of articles (${empty}), not ${at < 0 ? "none" : "several"}`);
  const cut = at + ARTICLE_LIST_START.length;
  return [page.slice(0, cut), page.slice(cut)];
}

/** The markup every page, and every AMP page, shares. */
export interface SharedMarkup {
  page: readonly Text[];
  amp: readonly Text[];
  /** Those of `page` that the listings (the index's and topics' pages) have too: what they are cut around. */
  listing: readonly Text[];
}

/**
 * The markup every page and every AMP page of a site shares, the same Text objects for every
 * build: the style sheets, and each line of the page templates that holds nothing of an article
 * (the feed links in the head, the site's header, footer and subscribe box, the AMP head), found
 * by rendering both pages for a stand-in article and keeping the lines that show nothing of it.
 * Cut out of every page (Texts.cut), each is stored once for the whole site, not once per article.
 */
export function sharedMarkup(site: Site): SharedMarkup {
  const key = JSON.stringify(site);
  let shared = SHARED.get(key);
  if (!shared) {
    const known = new Map<string, Text>();
    const text = (value: string) => known.get(value) ?? known.set(value, Text.of(value)).get(value)!;
    const standIns = [standInArticle(site, 0), standInArticle(site, 1)];
    const page = [...SHARED_PAGE_MARKUP(), ...templateLines(standIns.map((article) => renderArticlePage(site, article)), SHARED_PAGE_MARKUP())];
    const amp = [...SHARED_AMP_MARKUP(), ...templateLines(standIns.map((article) => renderAmpPage(site, article)), SHARED_AMP_MARKUP())];
    // Looking for markup a page lacks reads the whole page: the listings look for theirs only.
    const listings = [renderIndexPage({ site, articles: standIns }), ...topicsOf(standIns).map((topic) => renderTopicPage(site, topic))];
    const listing = page.filter((markup) => listings.every((body) => body.includes(markup)));
    SHARED.set(key, (shared = { page: page.map(text), amp: amp.map(text), listing: listing.map(text) }));
  }
  return shared;
}

const SHARED = new Map<string, SharedMarkup>();

/** Two stand-in articles that share nothing but the site. */
function standInArticle(site: Site, n: 0 | 1): Article {
  const slug = `stand-in-${n}`;
  const date = new Date(n * 400 * 86_400_000 + n * 3_600_000);
  return {
    slug,
    title: `Stand-in ${n}`,
    author: `Author ${n}`,
    summary: `Summary ${n}`,
    tags: [`Tag ${n}`],
    published: date,
    updated: date,
    html: `<p>Body ${n}</p>`,
    url: `${site.url}${PATHS.article(slug)}`,
    source: slug,
    figures: [],
  };
}

/** The lines both stand-ins' pages have, long ones, outside the markup shared already. */
function templateLines(pages: readonly string[], shared: readonly string[]): string[] {
  const [first, second] = pages.map((page) => {
    for (const markup of shared) page = page.replaceAll(markup, "\0");
    return new Set(page.split("\n").filter((line) => line.length >= TEMPLATE_LINE && !line.includes("\0")));
  }) as [Set<string>, Set<string>];
  return [...first].filter((line) => second.has(line)).map((line) => `${line}\n`);
}

/** Shorter lines cost about as much to share as they save. */
const TEMPLATE_LINE = 40;

/** What one article contributes to every document that shows it, as rendered. */
export interface RenderedArticle {
  /** The body as feeds carry it (with the lead photo), and as the page does, which may be the same. */
  bodies: string[];
  page: string;
  amp: string;
  items: Record<FeedFormat, string>;
  /** The feed body (bodies[0]) as the JSON item carries it: JSON.stringify's escape, without the quotes. */
  escapedFeedBody: string;
  /** How the index and its topics' pages list it (src/render/article-list.ts). */
  teaser: string;
  /** The formats whose item failed the feed check (src/build/check-feeds.ts): a renderer bug. */
  failed: FeedFormat[];
  hasContent: boolean;
}

/** An article's documents as parts: the same body Text wherever it recurs. */
export interface ArticleTexts {
  page: readonly Part[];
  amp: readonly Part[];
  items: Readonly<Record<FeedFormat, readonly Part[]>>;
  teaser: readonly Part[];
  failed: readonly FeedFormat[];
  /** Whether its feed items have content (RSS declares content:encoded's namespace then). */
  hasContent: boolean;
  /** Every text of the above that is the article's own (not the shared markup), first use first. */
  own: Text[];
  /** The bytes of `own`, one text after another, where the build's cache keeps them so. */
  ownBytes?: (() => Buffer) | undefined;
  /** The article's HTML as parsed (article.html), one of `own` when a document carries it as is. */
  html?: Text | undefined;
  /** The page's and the AMP page's entity tags, when the build's cache kept them (entityTag otherwise). */
  entityTags?: readonly [page: string, amp: string] | undefined;
  /** Each feed item's run of parts as entity tags take it (partRun), when the build's cache kept them. */
  runs?: Readonly<Record<FeedFormat, PartRun>> | undefined;
}

/** Renders an article's page, AMP page and feed items, checking each item as a feed document of its own. */
export function renderArticle(site: Site, article: Article): RenderedArticle {
  const failed: FeedFormat[] = [];
  const check = (format: FeedFormat) => (document: string | BodySplit) => {
    if (!failed.includes(format) && feedDocumentProblem(format, document) !== undefined) failed.push(format);
  };
  const entry = feedEntry(article);
  const { item: json, escapedBody } = writtenJsonItem(article, site.language);
  check("json")(`{"version":"https://jsonfeed.org/version/1.1","title":"items","items":[${json}]}`);
  return {
    bodies: [...new Set([feedBody(article), article.html])],
    page: renderArticlePage(site, article),
    amp: renderAmpPage(site, article),
    items: { rss: itemXml("rss", entry, check("rss")), atom: itemXml("atom", entry, check("atom")), json },
    escapedFeedBody: escapedBody,
    teaser: articleTeaser(site, article).toString(),
    failed,
    hasContent: entry.contentHtml !== "",
  };
}

/** A rendered article cut into parts: its body, wherever it recurs, is one Text (src/store/text.ts). */
export function articleTexts(texts: Texts, shared: SharedMarkup, rendered: RenderedArticle): ArticleTexts {
  const bodies = rendered.bodies.map((body) => texts.of(body));
  const feedBody = bodies[0]!;
  const escaped = new JsonEscaped(feedBody, rendered.escapedFeedBody);
  const result: Omit<ArticleTexts, "own"> = {
    page: texts.cut(rendered.page, [...shared.page, ...bodies]),
    // The AMP page carries the body as is when it needs no change for AMP (no photos, nothing AMP forbids).
    amp: texts.cut(rendered.amp, [...shared.amp, ...bodies]),
    items: {
      rss: texts.cut(rendered.items.rss, [feedBody]),
      atom: texts.cut(rendered.items.atom, [feedBody]),
      json: texts.cut(rendered.items.json, [escaped]),
    },
    teaser: [texts.of(rendered.teaser)],
    failed: rendered.failed,
    hasContent: rendered.hasContent,
  };
  const common = new Set([...shared.page, ...shared.amp]);
  const own = new Set<Text>();
  for (const parts of [result.page, result.amp, result.items.rss, result.items.atom, result.items.json, result.teaser]) {
    for (const part of parts) {
      const text = part instanceof JsonEscaped ? part.text : part;
      if (!common.has(text)) own.add(text);
    }
  }
  return { ...result, own: [...own], html: bodies.at(-1) };
}

/**
 * A page of the index or of a topic: cached like the index while new articles can still change
 * it, like a sealed archive once it never will (src/pagination.ts).
 */
function listingCacheClass(page: ListingPage): CacheClass {
  return page.final ? "archive" : "index";
}

/** Each feed format's whole document, for naming the articles of a document that fails its check. */
const RENDER_FEED: Readonly<Record<FeedFormat, (site: Site, scope: FeedScope) => string>> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
};

/**
 * One feed document in every format, by path: the format's shell around the items of its
 * articles, each item written once per article (renderArticle). The shell and every item are
 * checked as feed documents of their own; only when one fails is the whole document checked,
 * which names the articles involved.
 */
function renderFeedDocument(
  site: Site,
  scope: FeedScope,
  texts: Texts,
  articleTextsOf: (article: Article) => ArticleTexts,
  cache: BuildCache | undefined,
): [string, RenderedDocument][] {
  const updated = lastUpdated(scope.articles);
  // Only an archive page that already links to a newer one is final, byte for byte; the newest
  // archive page gains its next-archive link when the following page fills up.
  const cacheClass = scope.archived && scope.nextArchive ? "archive" : "feed";
  const own = scope.articles.map(articleTextsOf);
  const needs = own.length === 0 ? NO_ITEMS : { content: own.some((article) => article.hasContent), image: scope.articles.some((article) => article.image) };
  // A shell is a function of the site (the cache's entries are for one site), its format and
  // these, written once for the three formats. The cache keeps it under their SHA-256: hundreds
  // of keys of a kilobyte or more each, read back and held at every build.
  const { feed, self, current, prevArchive, nextArchive, archived } = scope;
  const shellKey = JSON.stringify([feed.title, feed.description, feed.homeUrl, feed.id, self, current, prevArchive, nextArchive, archived, updated.getTime(), needs]);
  return FEED_FORMATS.map(({ name, mediaType }) => {
    const path = scope.self[name];
    const made = () => {
      let failed = false;
      const check = (document: string) => (failed ||= feedDocumentProblem(name, document) !== undefined);
      let shell: [string] | [string, string];
      if (name === "json") {
        shell = jsonFeedShell(site, scope);
        check(shell.join(""));
      } else {
        shell = feedShell(name, site, scope, needs, check);
      }
      return { shell, failed };
    };
    const { shell, failed: shellFailed } = cache ? cache.feedShell(hash("sha256", `${name}\n${shellKey}`, "base64"), made) : made();
    const failed = shellFailed || own.some((article) => article.failed.includes(name));
    const parts: Part[] = [texts.of(shell[0])];
    const tagged: TagPiece[] = [parts[0]!];
    if (shell.length === 2) {
      const separator = name === "json" ? texts.of(JSON_ITEM_SEPARATOR) : undefined;
      own.forEach((article, i) => {
        if (i > 0 && separator) {
          parts.push(separator);
          tagged.push(separator);
        }
        const item = article.items[name];
        parts.push(...item);
        tagged.push(article.runs?.[name] ?? partRun(item));
      });
      const tail = texts.of(shell[1]);
      parts.push(tail);
      tagged.push(tail);
    }
    const render = RENDER_FEED[name];
    if (failed) assertValidFeed(path, name, joinParts(parts), (articles) => render(site, { ...scope, articles }), scope.articles);
    const document = rendered(parts, `${mediaType}; charset=utf-8`, updated, cacheClass, "inert", cacheTag(path, feedTags(scope.feed)), entityTag(tagged));
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

function rendered(parts: readonly Part[], contentType: string, updated: Date, cacheClass: CacheClass, contentPolicy: ContentPolicy, cacheTag: string, etag = entityTag(parts)): RenderedDocument {
  let byteLength = 0;
  for (let i = 0; i < parts.length; i++) byteLength += parts[i]!.byteLength;
  return new PartsDocument(parts, byteLength, contentType, etag, httpDate(updated), cacheClass, contentPolicy, cacheTag);
}

/**
 * The date as Last-Modified writes it (RFC 9110 §5.6.7, IMF-fixdate: what toUTCString gives),
 * each instant formatted once: an article's page and AMP page have the same, and so do the
 * listings and feeds its date is the newest of: thousands of documents, a few thousand instants.
 */
function httpDate(date: Date): string {
  const time = date.getTime();
  let formatted = HTTP_DATES.get(time);
  if (formatted === undefined) {
    // The instants of one site's articles, and few more: a long npm start session starts afresh now and then.
    if (HTTP_DATES.size >= HTTP_DATES_KEPT) HTTP_DATES.clear();
    HTTP_DATES.set(time, (formatted = date.toUTCString()));
  }
  return formatted;
}

const HTTP_DATES = new Map<number, string>();
const HTTP_DATES_KEPT = 100_000;

/**
 * A document made of parts, its body joined only when something reads it (tests, a failed
 * check). A class, not an object literal with a getter: V8 keeps such a literal's properties in
 * a dictionary, and the encoder reads every field of thousands of documents.
 */
class PartsDocument implements RenderedDocument {
  declare link?: string;

  constructor(
    readonly parts: readonly Part[],
    readonly byteLength: number,
    readonly contentType: string,
    readonly etag: string,
    readonly lastModified: string,
    readonly cacheClass: CacheClass,
    readonly contentPolicy: ContentPolicy,
    readonly cacheTag: string,
  ) {}

  get body(): string {
    return joinParts(this.parts);
  }
}

/**
 * A strong validator (RFC 9110 §8.8.3): 128 bits of SHA-256 over the digests of the texts the
 * body is made of, in order, each marked as written as is or JSON-escaped; a run of parts that
 * many documents carry (an article's feed item) by one digest of its own over the same. Any
 * change of a byte changes a text's digest, and so every digest made from it; each distinct text,
 * and each item, is hashed once however many documents carry it.
 */
export function entityTag(pieces: readonly TagPiece[]): string {
  return `"${digestOf(pieces).toString("base64url").slice(0, 22)}"`;
}

/** What an entity tag is made of: a part, or a run of parts by its own digest. */
type TagPiece = Part | PartRun;

/** A run of parts hashed once: an article's feed item, in every feed document that carries it. */
export interface PartRun {
  /**
   * The digest an entity tag takes for the run, RUN_BYTES from `at` of `digests`: SHA-256 over
   * its parts as entityTag hashes them (the build's cache keeps an article's runs one after another).
   */
  readonly digests: Uint8Array;
  readonly at: number;
}

/** A run's digest, in bytes: SHA-256's. */
export const RUN_BYTES = DIGEST_BYTES;

/** The run of these parts, one per array: an article's item is the same array in every document. */
export function partRun(parts: readonly Part[]): PartRun {
  let run = RUNS.get(parts);
  if (!run) RUNS.set(parts, (run = { digests: digestOf(parts), at: 0 }));
  return run;
}

const RUNS = new WeakMap<readonly Part[], PartRun>();

function digestOf(pieces: readonly TagPiece[]): Buffer {
  // One update of every mark and digest, not two per piece: a feed document has hundreds.
  const input = Buffer.allocUnsafe(pieces.length * (1 + DIGEST_BYTES));
  let at = 0;
  for (let p = 0; p < pieces.length; p++) {
    const piece = pieces[p]!;
    if (piece instanceof JsonEscaped) {
      input[at] = ESCAPED_MARK;
      piece.text.copyDigestInto(input, at + 1);
    } else if (piece instanceof Text) {
      input[at] = RAW_MARK;
      piece.copyDigestInto(input, at + 1);
    } else {
      input[at] = RUN_MARK;
      const { digests, at: from } = piece;
      for (let i = 0; i < RUN_BYTES; i++) input[at + 1 + i] = digests[from + i]!;
    }
    at += 1 + DIGEST_BYTES;
  }
  return hash("sha256", input, "buffer");
}

const RAW_MARK = 0;
const ESCAPED_MARK = 1;
const RUN_MARK = 2;
