import { describe, expect, it } from "vitest";
import { DOCUMENTS } from "../support/documents.ts";
import worker, { app } from "../../src/index.ts";
import { BASE } from "../support/worker-fetch.ts";

async function snapshot(response: Response) {
  return { status: response.status, headers: [...response.headers].sort(), body: await response.text() };
}

const ARTICLE = [...DOCUMENTS.keys()].find((path) => /^\/articles\/[^/]+$/.test(path))!;

describe("the GET fast path", () => {
  const etag = DOCUMENTS.get("/feed.xml")!.etag;
  it.each([...DOCUMENTS.keys()].flatMap((path) => [
    [path, "GET", {}],
    [path, "HEAD", {}],
    [path, "GET", { "if-none-match": `W/${etag}, ${DOCUMENTS.get(path)!.etag}` }],
  ] as const))("answers %s (%s %o) exactly as the Hono app does", async (path, method, headers) => {
    const request = () => new Request(`${BASE}${encodeURI(path)}?utm_source=x`, { method, headers });
    const fast = await snapshot(await worker.fetch(request()));
    expect(fast).toEqual(await snapshot(await app.fetch(request())));
    expect(fast.status).toBe(method === "GET" && "if-none-match" in headers ? 304 : 200);
  });

  it.each([
    ["/no-such-page", 404],
    ["/Feed.xml", 404],
    ["//evil.example/", 404],
    ["/feed.xml/", 301],
    ["/index.html", 301],
    [`${ARTICLE}/`, 301],
    [`${ARTICLE}/index.html`, 301],
    ["/feed", 200],
  ] as const)("answers %s (GET and HEAD) exactly as the Hono app does: %i", async (path, status) => {
    for (const method of ["GET", "HEAD"]) {
      const request = () => new Request(`${BASE}${path}?q=1`, { method, headers: { accept: "application/atom+xml" } });
      const fast = await snapshot(await worker.fetch(request()));
      expect(fast).toEqual(await snapshot(await app.fetch(request())));
      expect(fast.status).toBe(status);
      if (method === "HEAD") expect(fast.body).toBe("");
    }
  });
});
