import { describe, expect, it } from "vitest";
import { rendered, request } from "./caching-support.ts";

const RSS = "/feed.xml";
const ATOM = "/atom.xml";
const JSON_FEED = "/feed.json";

// prettier-ignore
const CASES: Array<[accept: string | null, served: string]> = [
  [null, RSS],
  ["", RSS],
  ["application/rss+xml", RSS],
  ["application/atom+xml", ATOM],
  ["application/feed+json", JSON_FEED],
  ["application/json", JSON_FEED],
  ["application/xml", RSS],
  ["text/xml", RSS],
  ["APPLICATION/ATOM+XML", ATOM],
  ["*/*", RSS],
  ["application/*", RSS],
  ["text/*", RSS],
  ["text/html", RSS],
  ["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", RSS],
  ["application/atom+xml, application/rss+xml;q=0.9", ATOM],
  ["application/rss+xml;q=0.5, application/atom+xml;q=0.8, application/feed+json;q=0.9", JSON_FEED],
  ["application/atom+xml,application/rss+xml;q=0.9,application/xml;q=0.8,*/*;q=0.7", ATOM],
  ["application/rss+xml;q=0, */*", ATOM],
  ["application/rss+xml;q=0, application/atom+xml;q=0, */*;q=0.1", JSON_FEED],
  ["application/xml, application/rss+xml;q=0", ATOM],
  ["application/xml;q=0.5, application/atom+xml", ATOM],
  ["application/*;q=0.1, application/feed+json", JSON_FEED],
  ["application/feed+json;q=0, application/json", RSS],
  ["application/atom+xml; charset=utf-8; q=0.9, application/rss+xml;q=0.8", ATOM],
  ["application/rss+xml;q=0, application/atom+xml;q=0, application/feed+json;q=0", RSS],
  ["application/atom+xml;q=2", RSS],
  ["application/atom+xml;q=abc", RSS],
  ["*/atom+xml", RSS],
  ["not a media type, application/atom+xml", ATOM],
];

describe("GET /feed negotiates the format by Accept", () => {
  const table = CASES.map(([accept, served]) => ({ accept, served, label: accept === null ? "(no Accept)" : JSON.stringify(accept) }));
  it.each(table)("Accept $label → $served", async ({ accept, served }) => {
    const response = await request("/feed", accept === null ? {} : { headers: { accept } });
    const document = rendered(served);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-location")).toBe(served);
    expect(response.headers.get("content-type")).toBe(document.contentType);
    expect(response.headers.get("etag")).toBe(document.etag);
    expect(response.headers.get("vary")).toBe("Accept");
    expect(await response.text()).toBe(document.body);
  });
});

describe("conditional requests on /feed use the chosen format's ETag", () => {
  const atom = { accept: "application/atom+xml" };

  it("answers 304 to the ETag of the format Accept chooses", async () => {
    const response = await request("/feed", { headers: { ...atom, "if-none-match": rendered(ATOM).etag } });
    expect(response.status).toBe(304);
    expect(response.headers.get("etag")).toBe(rendered(ATOM).etag);
    expect(response.headers.get("content-location")).toBe(ATOM);
  });

  it("answers 200 with the chosen format to the ETag of another format", async () => {
    const response = await request("/feed", { headers: { ...atom, "if-none-match": rendered(RSS).etag } });
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe(rendered(ATOM).etag);
  });

  it("tells a cache holding every variant which one to serve: the 304 names the chosen one's ETag", async () => {
    const stored = [RSS, ATOM, JSON_FEED].map((path) => rendered(path).etag).join(", ");
    const response = await request("/feed", { headers: { accept: "application/feed+json", "if-none-match": stored } });
    expect(response.status).toBe(304);
    expect(response.headers.get("etag")).toBe(rendered(JSON_FEED).etag);
    expect(response.headers.get("vary")).toBe("Accept");
  });

  it("answers If-Modified-Since by the chosen format's Last-Modified", async () => {
    const response = await request("/feed", { headers: { ...atom, "if-modified-since": rendered(ATOM).lastModified } });
    expect(response.status).toBe(304);
  });
});
