import CachePolicy from "http-cache-semantics";
import { describe, expect, it } from "vitest";
import type { CacheClass } from "../../src/store/document.ts";
import { ROUTES, failingWorkerResponse, headerRecord, request } from "./caching-support.ts";

// Each route against http-cache-semantics, an implementation of RFC 9111, run inside workerd.

/** What each class of response is meant to do to caches, in seconds (see src/http/cache-policy.ts). */
const INTENDED: Record<CacheClass, { shared: number; browser: number; staleWhileRevalidate: number; staleIfError: number }> = {
  feed: { shared: 300, browser: 3600, staleWhileRevalidate: 86400, staleIfError: 604800 },
  archive: { shared: 86400, browser: 31536000, staleWhileRevalidate: 86400, staleIfError: 604800 },
  page: { shared: 3600, browser: 300, staleWhileRevalidate: 86400, staleIfError: 604800 },
  index: { shared: 300, browser: 60, staleWhileRevalidate: 3600, staleIfError: 604800 },
  asset: { shared: 86400, browser: 86400, staleWhileRevalidate: 604800, staleIfError: 604800 },
};

type CacheRequest = CachePolicy.Request;

function cacheRequest(path: string, accept?: string): CacheRequest {
  return { url: path, method: "GET", headers: { host: "edgefeed.test", ...(accept ? { accept } : {}) } };
}

/** What a shared cache stores after fetching the route from the Worker; `age` simulates time in the cache. */
async function stored(path: string, accept?: string, age?: number): Promise<CachePolicy> {
  const response = await request(path, accept ? { headers: { accept } } : {});
  const headers = headerRecord(response.headers);
  if (age !== undefined) headers["age"] = String(age);
  return new CachePolicy(cacheRequest(path, accept), { status: response.status, headers }, { shared: true });
}

describe("each route as a shared cache (RFC 9111) sees it", () => {
  it.each(ROUTES)("$label: storable, and fresh for the intended s-maxage (max-age in a browser)", async ({ path, accept, cacheClass }) => {
    const policy = await stored(path, accept);
    expect(policy.storable()).toBe(true);
    expect(policy.maxAge()).toBe(INTENDED[cacheClass].shared);
    expect(policy.satisfiesWithoutRevalidation(cacheRequest(path, accept))).toBe(true);

    const response = await request(path, accept ? { headers: { accept } } : {});
    const browser = new CachePolicy(cacheRequest(path, accept), { status: 200, headers: headerRecord(response.headers) }, { shared: false });
    expect(browser.maxAge()).toBe(INTENDED[cacheClass].browser);
  });

  it.each(ROUTES)("$label: once stale, revalidating with the stored validators gives a 304 the cache takes as not modified", async ({ path, accept, cacheClass }) => {
    const policy = await stored(path, accept, INTENDED[cacheClass].shared + 1);
    expect(policy.stale()).toBe(true);
    const incoming = cacheRequest(path, accept);
    const revalidation = policy.revalidationHeaders(incoming);
    expect(revalidation["if-none-match"]).toBe(policy.responseHeaders()["etag"]);

    const response = await request(path, { headers: revalidation as Record<string, string> });
    expect(response.status).toBe(304);
    const { modified, matches, policy: refreshed } = policy.revalidatedPolicy(incoming, {
      status: response.status,
      headers: headerRecord(response.headers),
    });
    expect(modified).toBe(false);
    expect(matches).toBe(true);
    expect(refreshed.storable()).toBe(true);
  });

  it.each(ROUTES)("$label: within stale-while-revalidate a cache answers at once and revalidates in the background", async ({ path, accept, cacheClass }) => {
    const { shared, staleWhileRevalidate } = INTENDED[cacheClass];
    const policy = await stored(path, accept, shared + staleWhileRevalidate - 1);
    const { response, revalidation } = policy.evaluateRequest(cacheRequest(path, accept));
    expect(response).toBeDefined();
    expect(revalidation?.synchronous).toBe(false);
  });

  it.each(ROUTES)("$label: while the Worker fails, a cache keeps serving its copy (stale-if-error)", async ({ path, accept, cacheClass }) => {
    const { shared, staleIfError } = INTENDED[cacheClass];
    const policy = await stored(path, accept, shared + staleIfError - 1);
    const failure = await failingWorkerResponse();
    const { modified, policy: kept } = policy.revalidatedPolicy(cacheRequest(path, accept), {
      status: failure.status,
      headers: headerRecord(failure.headers),
    });
    expect(modified).toBe(false);
    expect(kept).toBe(policy);
  });
});

describe("404s and variants as a shared cache sees them", () => {
  it("keeps a 404 for one minute", async () => {
    const policy = await stored("/no/such/page");
    expect(policy.storable()).toBe(true);
    expect(policy.maxAge()).toBe(60);
  });

  it("does not answer a request for JSON Feed on /feed with a stored RSS response (Vary: Accept)", async () => {
    const policy = await stored("/feed", "application/rss+xml");
    expect(policy.satisfiesWithoutRevalidation(cacheRequest("/feed", "application/rss+xml"))).toBe(true);
    expect(policy.satisfiesWithoutRevalidation(cacheRequest("/feed", "application/feed+json"))).toBe(false);
  });
});
