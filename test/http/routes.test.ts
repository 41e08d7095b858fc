import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

const BASE = "https://edgefeed.test";
const fetchPath = (path: string, init?: RequestInit) => exports.default.fetch(new Request(`${BASE}${path}`, init));

describe("routes", () => {
  it.each([
    ["/feed.xml", "application/rss+xml; charset=utf-8"],
    ["/atom.xml", "application/atom+xml; charset=utf-8"],
    ["/feed.json", "application/feed+json; charset=utf-8"],
    ["/", "text/html; charset=utf-8"],
    ["/articles/ambassador-xing-suggests-linking-moon-xi-initiatives", "text/html; charset=utf-8"],
  ])("serves %s as %s with validators and a Cache-Control", async (path, type) => {
    const response = await fetchPath(path);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(type);
    expect(response.headers.get("etag")).toMatch(/^"[\w-]{22}"$/);
    expect(response.headers.get("last-modified")).toMatch(/ GMT$/);
    expect(response.headers.get("cache-control")).toMatch(/max-age=\d+/);
    expect((await response.text()).length).toBeGreaterThan(500);
  });

  it("answers an unknown path with a small 404", async () => {
    const response = await fetchPath("/no/such/page");
    expect(response.status).toBe(404);
    expect(await response.text()).toBe("Not found\n");
  });

  it("answers a matching If-None-Match with an empty 304 that repeats the validators", async () => {
    const first = await fetchPath("/feed.xml");
    const etag = first.headers.get("etag")!;
    const response = await fetchPath("/feed.xml", { headers: { "if-none-match": etag } });
    expect(response.status).toBe(304);
    expect(await response.text()).toBe("");
    expect(response.headers.get("etag")).toBe(etag);
    expect(response.headers.get("cache-control")).toBe(first.headers.get("cache-control"));
  });

  it("serves the same bytes and ETag whatever the query string", async () => {
    const plain = await fetchPath("/feed.xml");
    const tracked = await fetchPath("/feed.xml?utm_source=x");
    expect(tracked.headers.get("etag")).toBe(plain.headers.get("etag"));
    expect(await tracked.text()).toBe(await plain.text());
  });

  it("builds ids and links from the configured base URL, never from the request's host", async () => {
    const here = await (await fetchPath("/feed.json")).text();
    const elsewhere = await (await exports.default.fetch(new Request("http://mirror.invalid:8080/feed.json"))).text();
    expect(elsewhere).toBe(here);
    expect(here).not.toContain("edgefeed.test");
    expect(here).not.toContain("mirror.invalid");
  });

  it("answers HEAD with the GET headers and no body", async () => {
    const response = await fetchPath("/atom.xml", { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toMatch(/^"/);
    expect(await response.text()).toBe("");
  });

  it("links the page to its feeds and declares its language", async () => {
    const page = await (await fetchPath("/articles/ambassador-xing-suggests-linking-moon-xi-initiatives")).text();
    expect(page).toMatch(/<html lang="en">/);
    for (const type of ["application/rss+xml", "application/atom+xml", "application/feed+json"]) {
      expect(page).toContain(`<link rel="alternate" type="${type}"`);
    }
  });
});

describe("/sitemap.xml and /robots.txt", () => {
  it.each([
    ["/sitemap.xml", "application/xml; charset=utf-8"],
    ["/robots.txt", "text/plain; charset=utf-8"],
  ])("serves %s as %s, with validators, cached like a feed", async (path, type) => {
    const response = await fetchPath(path);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(type);
    expect(response.headers.get("etag")).toMatch(/^"[\w-]{22}"$/);
    expect(response.headers.get("cache-control")).toBe((await fetchPath("/feed.xml")).headers.get("cache-control"));
  });

  it("name each other: robots.txt the sitemap, the sitemap the site's pages", async () => {
    const robots = await (await fetchPath("/robots.txt")).text();
    const sitemapUrl = /^Sitemap: (\S+)$/m.exec(robots)?.[1];
    expect(new URL(sitemapUrl!).pathname).toBe("/sitemap.xml");
    const sitemap = await (await fetchPath("/sitemap.xml")).text();
    const locs = [...sitemap.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => new URL(m[1]!).pathname);
    expect(locs).toContain("/");
    expect(locs).toContain("/articles/ambassador-xing-suggests-linking-moon-xi-initiatives");
    expect(locs).toContain("/tags/china");
    for (const path of locs) expect((await fetchPath(path)).status, path).toBe(200);
  });
});
