import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

const fetchPath = (path: string) => exports.default.fetch(new Request(`https://edgefeed.test${path}`));

describe("topic feeds in the Worker", () => {
  it.each([
    ["/tags/south-korea/feed.xml", "application/rss+xml; charset=utf-8"],
    ["/tags/south-korea/atom.xml", "application/atom+xml; charset=utf-8"],
    ["/tags/south-korea/feed.json", "application/feed+json; charset=utf-8"],
  ])("serves %s as %s with validators and the feed Cache-Control", async (path, type) => {
    const response = await fetchPath(path);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(type);
    expect(response.headers.get("etag")).toMatch(/^"[\w-]{22}"$/);
    expect(response.headers.get("cache-control")).toBe((await fetchPath("/feed.xml")).headers.get("cache-control"));
  });

  it("announces an article's topic feeds on its page", async () => {
    const page = await (await fetchPath("/articles/ambassador-xing-suggests-linking-moon-xi-initiatives")).text();
    expect(page).toMatch(/<link rel="alternate" type="application\/atom\+xml" title="China · edgefeed \(Atom\)" href="https?:\/\/[^"]*\/tags\/china\/atom\.xml">/);
  });

  it("answers a tag nobody uses with a 404", async () => {
    expect((await fetchPath("/tags/no-such-topic/feed.xml")).status).toBe(404);
  });
});

describe("topic pages in the Worker", () => {
  it("serves a topic's page as HTML, cached like the index, linked from the articles that carry it", async () => {
    const response = await fetchPath("/tags/china");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe((await fetchPath("/")).headers.get("cache-control"));
    const page = await response.text();
    expect(page).toMatch(/<link rel="alternate" type="application\/rss\+xml" title="China · edgefeed \(RSS\)" href="https?:\/\/[^"]*\/tags\/china\/feed\.xml">/);
    const article = await (await fetchPath("/articles/ambassador-xing-suggests-linking-moon-xi-initiatives")).text();
    expect(article).toMatch(/<p class="tags">Topics: .*<a href="https?:\/\/[^"]*\/tags\/china">China<\/a>/);
  });

  it("answers a topic nobody uses, and a page beyond the last, with a 404", async () => {
    expect((await fetchPath("/tags/no-such-topic")).status).toBe(404);
    expect((await fetchPath("/tags/china/page/1")).status).toBe(404);
    expect((await fetchPath("/page/1")).status).toBe(404);
  });
});
