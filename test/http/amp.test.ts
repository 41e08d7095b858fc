import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

const BASE = "https://edgefeed.test";
const SEED = "/articles/ambassador-xing-suggests-linking-moon-xi-initiatives";
const fetchPath = (path: string, init?: RequestInit) => exports.default.fetch(new Request(`${BASE}${path}`, init));

describe("the AMP page over HTTP", () => {
  it("is served as HTML with a strong ETag, Last-Modified and the pages' Cache-Control", async () => {
    const [amp, canonical] = await Promise.all([fetchPath(`${SEED}/amp`), fetchPath(SEED)]);
    expect(amp.status).toBe(200);
    expect(amp.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(amp.headers.get("etag")).toMatch(/^"[\w-]{22}"$/);
    expect(amp.headers.get("etag")).not.toBe(canonical.headers.get("etag"));
    expect(amp.headers.get("last-modified")).toBe(canonical.headers.get("last-modified"));
    expect(amp.headers.get("cache-control")).toBe(canonical.headers.get("cache-control"));
    expect(await amp.text()).toMatch(/^<!doctype html>\n<html ⚡ lang="en">/);
  });

  it("answers a revalidation with its ETag with an empty 304 that repeats the validators", async () => {
    const first = await fetchPath(`${SEED}/amp`);
    const etag = first.headers.get("etag")!;
    const response = await fetchPath(`${SEED}/amp`, { headers: { "if-none-match": etag } });
    expect(response.status).toBe(304);
    expect(await response.text()).toBe("");
    expect(response.headers.get("etag")).toBe(etag);
    expect(response.headers.get("cache-control")).toBe(first.headers.get("cache-control"));
  });

  it("answers a revalidation by date with 304 as well", async () => {
    const first = await fetchPath(`${SEED}/amp`);
    const response = await fetchPath(`${SEED}/amp`, { headers: { "if-modified-since": first.headers.get("last-modified")! } });
    expect(response.status).toBe(304);
  });

  it("answers HEAD with the GET headers and no body", async () => {
    const get = await fetchPath(`${SEED}/amp`);
    const head = await fetchPath(`${SEED}/amp`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("etag")).toBe(get.headers.get("etag"));
    expect(head.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await head.text()).toBe("");
  });

  it("is linked from the canonical page with an absolute rel=amphtml", async () => {
    const page = await (await fetchPath(SEED)).text();
    const canonical = /<link rel="canonical" href="(https?:\/\/[^"]+)">/.exec(page)?.[1];
    expect(canonical).toMatch(new RegExp(`${SEED}$`));
    expect(page).toContain(`<link rel="amphtml" href="${canonical}/amp">`);
  });

  it("exists only for articles", async () => {
    expect((await fetchPath("/articles/no-such-article/amp")).status).toBe(404);
    expect((await fetchPath("/amp")).status).toBe(404);
  });
});
