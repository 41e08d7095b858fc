import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { renderDocuments } from "../../src/build/documents.ts";
import type { RenderedDocument } from "../../src/store/document.ts";
import { fixtureCorpus, frontMatter } from "../support/corpus.ts";
import { servedPath } from "../support/feed-links.ts";

const SITE = "https://news.example.org";

/** `count` articles, one a day; every other one corrected a year later; tags that need encoding. */
function corpus(count: number) {
  return fixtureCorpus(
    Array.from({ length: count }, (_, n) => ({
      frontMatter: frontMatter(n, {
        published: new Date(Date.UTC(2020, 0, 1 + n, 8)).toISOString(),
        ...(n % 2 ? { updated: new Date(Date.UTC(2021, 0, 1 + n, 8)).toISOString() } : {}),
        tags: n % 3 ? ["Trade & Tariffs"] : ["외교", "Trade & Tariffs"],
      }),
      body: `Body ${n}.`,
    })),
  );
}

const parser = new XMLParser({ isArray: (name) => name === "url" || name === "sitemap" });

interface Listed {
  loc: string;
  lastmod: string;
}

function urlSet(resource: RenderedDocument | undefined): Listed[] {
  if (!resource) throw new Error("not served");
  expect(XMLValidator.validate(resource.body)).toBe(true);
  const parsed = parser.parse(resource.body) as { urlset?: { url?: Listed[] } };
  expect(parsed.urlset, "a <urlset>").toBeDefined();
  return parsed.urlset!.url ?? [];
}

/** The HTML pages a crawler should index: every served text/html path but the AMP copies. */
function canonicalPages(resources: Map<string, RenderedDocument>): string[] {
  return [...resources].filter(([path, r]) => r.contentType.startsWith("text/html") && !path.endsWith("/amp")).map(([path]) => path);
}

describe("/sitemap.xml", () => {
  it("lists every article, topic page and index page once, with its last update, and nothing else", () => {
    const built = corpus(130);
    const resources = renderDocuments(built, { icon: "<svg/>" });
    const listed = urlSet(resources.get("/sitemap.xml"));
    expect(listed.map((entry) => servedPath(entry.loc)).sort()).toEqual(canonicalPages(resources).sort());
    expect(new Set(listed.map((entry) => entry.loc)).size).toBe(listed.length);
    expect(listed.map((entry) => entry.loc)).toContain(`${SITE}/tags/%EC%99%B8%EA%B5%90`);
    expect(listed.map((entry) => entry.loc)).toContain(`${SITE}/page/1`);
    for (const article of built.articles) {
      expect(listed.find((entry) => entry.loc === article.url)?.lastmod, article.slug).toBe(article.updated.toISOString());
    }
    for (const entry of listed) expect(new Date(entry.lastmod).toUTCString(), entry.loc).toBe(resources.get(servedPath(entry.loc))!.lastModified);
  });

  it("becomes a sitemap index past its URL limit, whose parts together list the same URLs", () => {
    const built = corpus(20);
    const whole = urlSet(renderDocuments(built, { icon: "<svg/>" }).get("/sitemap.xml"));
    const resources = renderDocuments(built, { icon: "<svg/>" }, { sitemapUrlLimit: 7 });
    const index = parser.parse(resources.get("/sitemap.xml")!.body) as { sitemapindex?: { sitemap: Listed[] } };
    expect(XMLValidator.validate(resources.get("/sitemap.xml")!.body)).toBe(true);
    const parts = index.sitemapindex!.sitemap;
    expect(parts.map((part) => servedPath(part.loc))).toEqual(
      Array.from({ length: Math.ceil(whole.length / 7) }, (_, i) => `/sitemaps/${i + 1}.xml`),
    );
    const listed = parts.flatMap((part) => {
      const urls = urlSet(resources.get(servedPath(part.loc)));
      expect(urls.length).toBeLessThanOrEqual(7);
      expect(part.lastmod).toBe(urls.map((url) => url.lastmod).sort().at(-1));
      return urls;
    });
    expect(listed).toEqual(whole);
  });

  it("stays one URL set up to its limit", () => {
    const built = corpus(3);
    const count = urlSet(renderDocuments(built, { icon: "<svg/>" }).get("/sitemap.xml")).length;
    const resources = renderDocuments(built, { icon: "<svg/>" }, { sitemapUrlLimit: count });
    expect(urlSet(resources.get("/sitemap.xml"))).toHaveLength(count);
    expect([...resources.keys()].filter((path) => path.startsWith("/sitemaps/"))).toEqual([]);
  });

  it("is served as XML and cached like a feed, as is robots.txt", () => {
    const resources = renderDocuments(corpus(3), { icon: "<svg/>" });
    expect(resources.get("/sitemap.xml")).toMatchObject({ contentType: "application/xml; charset=utf-8", cacheClass: "feed" });
    expect(resources.get("/robots.txt")).toMatchObject({ contentType: "text/plain; charset=utf-8", cacheClass: "feed" });
  });
});

describe("/robots.txt", () => {
  it("lets every crawler in and names the sitemap by its absolute URL", () => {
    const robots = renderDocuments(corpus(1), { icon: "<svg/>" }).get("/robots.txt")!.body;
    expect(robots.split("\n")).toEqual(["User-agent: *", "Allow: /", "", `Sitemap: ${SITE}/sitemap.xml`, ""]);
  });
});
