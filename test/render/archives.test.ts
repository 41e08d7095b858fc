import { XMLParser, XMLValidator } from "fast-xml-parser";
import CachePolicy from "http-cache-semantics";
import { describe, expect, it } from "vitest";
import { renderDocuments } from "../../src/build/documents.ts";
import { CACHE_CONTROL } from "../../src/http/cache-policy.ts";
import type { RenderedDocument } from "../../src/store/document.ts";
import { fixtureCorpus, frontMatter } from "../support/corpus.ts";
import { feedLinks, servedPath } from "../support/feed-links.ts";
import { parseWithEveryParser, type FeedFormat } from "../support/parsed-feeds.ts";

const PAGE_SIZE = 7;
const ARTICLES = 300;
const SUBSCRIPTION: Record<FeedFormat, string> = {
  rss: "https://news.example.org/feed.xml",
  atom: "https://news.example.org/atom.xml",
  json: "https://news.example.org/feed.json",
};
const FORMATS = Object.keys(SUBSCRIPTION) as FeedFormat[];

/** `count` articles, one a day from 2020-01-01, numbered oldest first. */
function dailyArticles(count: number, from = 0) {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    const published = new Date(Date.UTC(2020, 0, 1 + n, 8)).toISOString();
    return { frontMatter: frontMatter(n, { published, tags: [] }), body: `Body of article ${n}.` };
  });
}

function site(count: number, feedItems = PAGE_SIZE) {
  return renderDocuments(fixtureCorpus(dailyArticles(count), { feedItems }), { icon: "<svg/>" });
}

const articleUrl = (n: number) => `https://news.example.org/articles/article-${n}`;

interface Visit {
  path: string;
  resource: RenderedDocument;
  ids: string[];
}

/** What a client does to backfill: start at the subscription document and follow prev-archive (JSON Feed: next_url) to the end. */
function backfill(resources: ReadonlyMap<string, RenderedDocument>, format: FeedFormat, start = SUBSCRIPTION[format]): Visit[] {
  const visits: Visit[] = [];
  for (let url: string | undefined = start; url; ) {
    const path = servedPath(url);
    if (visits.some((visit) => visit.path === path)) throw new Error(`the links loop back to ${path}`);
    const resource = resources.get(path);
    if (!resource) throw new Error(`${url} is linked but not served`);
    const byParser = Object.entries(parseWithEveryParser(format, resource.body));
    const [, items] = byParser[0]!;
    for (const [parser, other] of byParser) expect(other.map((i) => i.id), `${parser} on ${path}`).toEqual(items.map((i) => i.id));
    visits.push({ path, resource, ids: items.map((i) => i.id) });
    url = feedLinks(format, resource.body).prevArchive;
  }
  return visits;
}

describe.each(FORMATS)("backfilling the %s feed through its archives", (format) => {
  const resources = site(ARTICLES);
  const visits = backfill(resources, format);
  const [subscription, ...archives] = visits;

  it("keeps the subscription document to the newest feedItems articles", () => {
    expect(subscription!.ids).toEqual([299, 298, 297, 296, 295, 294, 293].map(articleUrl));
  });

  it("collects every article, each in exactly one archive page or the subscription document", () => {
    expect(archives).toHaveLength(Math.floor(ARTICLES / PAGE_SIZE));
    const archived = archives.flatMap((visit) => visit.ids);
    expect(new Set(archived).size).toBe(archived.length);
    const collected = new Set([...subscription!.ids, ...archived]);
    expect([...collected].sort()).toEqual(Array.from({ length: ARTICLES }, (_, n) => articleUrl(n)).sort());
    // The only overlap is the newest archive page, which the subscription document partly repeats.
    const repeated = subscription!.ids.filter((id) => archived.includes(id));
    expect(repeated.every((id) => archives[0]!.ids.includes(id))).toBe(true);
    expect(repeated).toHaveLength(PAGE_SIZE - (ARTICLES % PAGE_SIZE));
  });

  it("fills archive pages from the oldest article, newest first within a page", () => {
    const oldest = archives.at(-1)!;
    expect(oldest.path).toContain(`/archive/${PAGE_SIZE}/1/`);
    expect(oldest.ids).toEqual([6, 5, 4, 3, 2, 1, 0].map(articleUrl));
    for (const visit of archives) expect(visit.ids).toHaveLength(PAGE_SIZE);
  });
});

describe.each(FORMATS)("backfilling a %s topic feed", (format) => {
  it("collects every article with the tag, and only those", () => {
    const articles = dailyArticles(100).map((article, n) => ({ ...article, frontMatter: { ...article.frontMatter, tags: n % 3 ? [] : ["Every Third"] } }));
    const resources = renderDocuments(fixtureCorpus(articles, { feedItems: PAGE_SIZE }), { icon: "<svg/>" });
    const start = SUBSCRIPTION[format].replace("news.example.org/", "news.example.org/tags/every-third/");
    const visits = backfill(resources, format, start);
    expect(visits.length).toBe(1 + Math.floor(34 / PAGE_SIZE));
    const collected = new Set(visits.flatMap((visit) => visit.ids));
    expect([...collected].sort()).toEqual(Array.from({ length: 34 }, (_, i) => articleUrl(i * 3)).sort());
  });
});

describe.each(["rss", "atom"] as const)("RFC 5005 markup in %s", (format) => {
  const resources = site(40);
  const [subscription, ...archives] = backfill(resources, format);

  it("marks archive documents fh:archive in the declared Feed History namespace, and only them", () => {
    for (const { path, resource } of [subscription!, ...archives]) {
      expect(XMLValidator.validate(resource.body), path).toBe(true);
      const tree = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" }).parse(resource.body);
      const root = format === "rss" ? tree.rss : tree.feed;
      const head = format === "rss" ? root.channel : root;
      expect("fh:archive" in head, path).toBe(path !== subscription!.path);
      if (path !== subscription!.path) expect(root["@xmlns:fh"]).toBe("http://purl.org/syndication/history/1.0");
    }
  });

  it("links each archive page to the subscription document and to its neighbours both ways", () => {
    archives.forEach(({ path, resource }, i) => {
      const links = feedLinks(format, resource.body);
      expect(links.current, path).toBe(SUBSCRIPTION[format]);
      expect(links.self && servedPath(links.self), path).toBe(path);
      expect(links.nextArchive && servedPath(links.nextArchive), path).toBe(archives[i - 1]?.path);
      expect(links.prevArchive && servedPath(links.prevArchive), path).toBe(archives[i + 1]?.path);
    });
    const links = feedLinks(format, subscription!.resource.body);
    expect(links.current).toBeUndefined();
    expect(links.nextArchive).toBeUndefined();
  });
});

describe("JSON Feed pagination", () => {
  it("names the subscription document as feed_url on every page, so a page identifies its feed", () => {
    for (const visit of backfill(site(40), "json")) expect(feedLinks("json", visit.resource.body).self).toBe(SUBSCRIPTION.json);
  });
});

// Builds of 300 articles inside the tests: the timeout only keeps a busy machine from failing them.
describe("a full archive page", { timeout: 30_000 }, () => {
  it("keeps its bytes, ETag and Last-Modified when newer articles are published", () => {
    const before = site(ARTICLES);
    const after = renderDocuments(fixtureCorpus([...dailyArticles(ARTICLES), ...dailyArticles(20, ARTICLES)], { feedItems: PAGE_SIZE }), {
      icon: "<svg/>",
    });
    // Sealed feed archives, and sealed pages of the HTML index (src/pagination.ts) alike.
    const final = [...before].filter(([, resource]) => resource.cacheClass === "archive");
    expect(final.filter(([path]) => path.startsWith("/archive/")).length).toBe(3 * (Math.floor(ARTICLES / PAGE_SIZE) - 1));
    expect(final.filter(([path]) => path.startsWith("/page/")).length).toBeGreaterThan(0);
    for (const [path, resource] of final) expect(after.get(path), path).toEqual(resource);
    expect(after.get("/feed.xml")!.etag).not.toBe(before.get("/feed.xml")!.etag);
  });

  it("is cached for a year as immutable, while the newest page, still to gain its next-archive link, is cached like a feed", () => {
    const resources = site(ARTICLES);
    const newest = `/archive/${PAGE_SIZE}/${Math.floor(ARTICLES / PAGE_SIZE)}/atom.xml`;
    expect(resources.get(newest)!.cacheClass).toBe("feed");
    expect(resources.get(`/archive/${PAGE_SIZE}/1/atom.xml`)!.cacheClass).toBe("archive");
    const policy = new CachePolicy(
      { url: "/archive/7/1/atom.xml", method: "GET", headers: {} },
      { status: 200, headers: { "cache-control": CACHE_CONTROL.archive } },
      { shared: false },
    );
    expect(policy.timeToLive()).toBeGreaterThanOrEqual(365 * 24 * 3600 * 1000);
    expect(CACHE_CONTROL.archive).toMatch(/\bimmutable\b/);
  });

  it("moves to new URLs when the page size changes, so no cached page ever holds other articles", () => {
    const archivePaths = (resources: Map<string, RenderedDocument>) => [...resources.keys()].filter((path) => path.startsWith("/archive/"));
    const seven = archivePaths(site(60, 7));
    const ten = archivePaths(site(60, 10));
    expect(seven.length).toBeGreaterThan(0);
    expect(ten.length).toBeGreaterThan(0);
    expect(seven.filter((path) => ten.includes(path))).toEqual([]);
  });
});

describe("a feed with no more articles than one page", () => {
  it("has no archives and no prev-archive link", () => {
    const resources = site(PAGE_SIZE - 1);
    expect([...resources.keys()].filter((path) => path.includes("/archive/"))).toEqual([]);
    for (const format of FORMATS) expect(backfill(resources, format)).toHaveLength(1);
  });
});
