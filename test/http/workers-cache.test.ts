import { describe, expect, it } from "vitest";
import { pollingThroughCache, SharedCache, type Origin } from "../../bench/shared-cache.ts";
import { headerRecord, RENDERED_PATHS, request } from "./caching-support.ts";

// Cloudflare's Workers Cache (wrangler.toml [cache]) is not emulated by wrangler dev or these
// tests: it is modelled here as one RFC 9111 shared cache (bench/shared-cache.ts), with the Worker
// itself as the origin, to check that the headers it relies on do what docs/caching.md says.

/** The Worker, as the cache's origin, counting its runs. */
function worker(): Origin & { runs: number } {
  const origin = async (path: string, headers: Record<string, string>) => {
    origin.runs++;
    const response = await request(path, { headers });
    await response.arrayBuffer();
    return { status: response.status, headers: headerRecord(response.headers) };
  };
  origin.runs = 0;
  return origin;
}

describe("Cache-Tag, for purging the Workers Cache precisely", () => {
  it.each(RENDERED_PATHS.map(([path]) => path))("%s names its own document first, in printable ASCII without spaces", async (path) => {
    const tag = (await request(path)).headers.get("cache-tag");
    expect(tag).not.toBeNull();
    const tags = tag!.split(",");
    expect(tags[0]).toBe(`doc:${encodeURI(path)}`);
    for (const one of tags) expect(one).toMatch(/^[\x21-\x7e]+$/);
    expect(new Set(tags).size).toBe(tags.length);
    expect(tag!.length).toBeLessThan(16 * 1024); // Cloudflare's limit for the whole header
  });

  it("groups every document of a feed, of a topic and of an article, so one purge reaches them all", async () => {
    const tagsOf = async (path: string) => (await request(path)).headers.get("cache-tag")!.split(",");
    for (const path of ["/feed.xml", "/atom.xml", "/feed.json"]) expect(await tagsOf(path)).toEqual(expect.arrayContaining(["feed:site", "feeds"]));
    for (const path of ["/tags/china", "/tags/china/feed.xml"]) expect(await tagsOf(path)).toContain("topic:china");
    expect(await tagsOf("/tags/china/atom.xml")).toEqual(expect.arrayContaining(["feed:topic:china", "feeds"]));
    const article = "/articles/ambassador-xing-suggests-linking-moon-xi-initiatives";
    for (const path of [article, `${article}/amp`]) {
      expect(await tagsOf(path)).toEqual(expect.arrayContaining(["article:ambassador-xing-suggests-linking-moon-xi-initiatives", "pages"]));
    }
    expect(await tagsOf("/sitemap.xml")).toContain("crawlers");
  });

  it("on /feed, names the document chosen, so purging /feed.xml also purges /feed's RSS variant", async () => {
    const tag = (await request("/feed", { headers: { accept: "application/atom+xml" } })).headers.get("cache-tag");
    expect(tag!.split(",")[0]).toBe("doc:/atom.xml");
  });
});

describe("the Workers Cache in front of the Worker, as an RFC 9111 shared cache", () => {
  it("runs the Worker once per s-maxage for a feed polled by a crowd, and revalidates with a 304", async () => {
    const origin = worker();
    const cache = new SharedCache(origin);
    for (let i = 0; i < 500; i++) {
      cache.advanceTo(i * 500); // 500 polls over 250 s, all within the feed's s-maxage of 300 s
      expect((await cache.fetch("/feed.xml")).status).toBe(200);
    }
    expect(origin.runs).toBe(1);
    cache.advanceTo(301_000);
    const stale = await cache.fetch("/feed.xml");
    expect(stale).toMatchObject({ status: 200, from: "cache" }); // stale-while-revalidate answers at once
    expect(origin.runs).toBe(2); // ... while the Worker is asked, conditionally
    cache.advanceTo(302_000);
    await cache.fetch("/feed.xml");
    expect(origin.runs).toBe(2); // the 304 made the stored copy fresh again
  });

  it("keeps one entry per Accept on /feed, since it varies on it", async () => {
    const origin = worker();
    const cache = new SharedCache(origin);
    for (const accept of ["application/atom+xml", "application/feed+json", "application/atom+xml", "application/feed+json"]) {
      const answer = await cache.fetch("/feed", { accept });
      expect(answer.headers["content-type"]).toContain(accept);
    }
    expect(origin.runs).toBe(2);
  });

  it("never stores a 500, and keeps a 404 for a minute", async () => {
    const origin = worker();
    const cache = new SharedCache(origin);
    await cache.fetch("/no/such/page");
    cache.advanceTo(59_000);
    await cache.fetch("/no/such/page");
    expect(origin.runs).toBe(1);
    const failing: Origin = async () => ({ status: 500, headers: { "cache-control": "no-store" } });
    const broken = new SharedCache(failing);
    await broken.fetch("/feed.xml");
    await broken.fetch("/feed.xml");
    expect(broken.originRequests).toBe(2);
  });

  it("turns 10,000 polls of /feed.xml by 1,000 readers every 5 minutes into a dozen Worker runs", async () => {
    const origin = worker();
    const result = await pollingThroughCache(origin);
    expect(result).toMatchObject({ polls: 10_000, withoutCache: 10_000 });
    expect(result.throughCache).toBe(origin.runs);
    // One run to fill the cache, then one revalidation each time s-maxage (300 s) runs out.
    expect(result.throughCache).toBeLessThanOrEqual(12);
  });
});
