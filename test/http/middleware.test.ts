import { Hono } from "hono";
import { describe, expect, it, vi } from "vitest";
import { DOCUMENTS, TEXT } from "../../src/generated/documents.ts";
import RANGES from "../../src/generated/ranges.bin";
import COMPRESSED_TEXT from "../../src/generated/text.bin";
import { addSiteRoutes } from "../../src/http/routes.ts";
import worker from "../../src/index.ts";
import { DocumentStore } from "../../src/store/decode.ts";
import { FaultyRequest } from "../support/faulty-request.ts";
import { BASE } from "../support/worker-fetch.ts";

/** The site as src/index.ts wires it, with one middleware added where docs/architecture.md "Extending" says. */
function appWithMiddleware(): { app: Hono; seen: string[] } {
  const store = new DocumentStore(TEXT, COMPRESSED_TEXT, RANGES);
  const app = new Hono();
  const seen: string[] = [];
  app.use(async (c, next) => {
    seen.push(`${c.req.method} ${c.req.path}`);
    await next();
    c.header("x-added-by-middleware", "yes");
  });
  addSiteRoutes(app, DOCUMENTS, store);
  return { app, seen };
}

const FEED_ETAG = DOCUMENTS.find(([path]) => path === "/feed.xml")![1].etag;
const ARTICLE = DOCUMENTS.map(([path]) => path).find((path) => /^\/articles\/[^/]+$/.test(path))!;

describe("a middleware added to the app", () => {
  it("is the app itself that the Worker exports, so nothing answers around it", () => {
    expect(worker).toBeInstanceOf(Hono);
  });

  it.each([
    ["a document", "GET", "/feed.xml", {}, 200],
    ["an article page", "GET", ARTICLE, {}, 200],
    ["HEAD", "HEAD", "/feed.xml", {}, 200],
    ["a 304", "GET", "/feed.xml", { "if-none-match": FEED_ETAG }, 304],
    ["a 404", "GET", "/no-such-page", {}, 404],
    ["a HEAD 404", "HEAD", "/no-such-page", {}, 404],
    ["an alias redirect", "GET", `${ARTICLE}/`, {}, 301],
    ["/feed", "GET", "/feed", { accept: "application/atom+xml" }, 200],
    ["OPTIONS", "OPTIONS", "/feed.xml", { origin: "https://reader.example", "access-control-request-method": "GET" }, 204],
    ["a 405", "POST", "/feed.xml", {}, 405],
  ] as const)("runs for %s and its header reaches the response", async (_kind, method, path, headers, status) => {
    const { app, seen } = appWithMiddleware();
    const response = await app.fetch(new Request(`${BASE}${path}`, { method, headers }));
    expect(response.status).toBe(status);
    expect(response.headers.get("x-added-by-middleware")).toBe("yes");
    expect(seen).toEqual([`${method} ${path}`]);
  });

  it.each([
    ["a document", "GET", "/feed.xml", {}, 200],
    ["HEAD", "HEAD", "/feed.xml", {}, 200],
    ["a 304", "GET", "/feed.xml", { "if-none-match": FEED_ETAG }, 304],
    ["a 404", "GET", "/no-such-page", {}, 404],
    ["OPTIONS", "OPTIONS", "/feed.xml", { origin: "https://reader.example", "access-control-request-method": "GET" }, 204],
    ["a 405", "POST", "/feed.xml", {}, 405],
  ] as const)("changes only its own response's headers for %s, never the next one's", async (_kind, method, path, headers, status) => {
    // Every response of a kind is made from one prepared Headers (src/http/headers.ts): what a
    // middleware does to one response's headers must not reach the next response's.
    const app = new Hono();
    app.use(async (c, next) => {
      await next();
      if (c.req.header("x-rewrite") === undefined) return;
      for (const name of [...c.res.headers.keys()]) c.res.headers.delete(name);
      c.res.headers.set("cache-control", "no-store");
    });
    addSiteRoutes(app, DOCUMENTS, new DocumentStore(TEXT, COMPRESSED_TEXT, RANGES));
    const send = (extra: Record<string, string>) => app.fetch(new Request(`${BASE}${path}`, { method, headers: { ...headers, ...extra } }));
    const before = await send({});
    const rewritten = await send({ "x-rewrite": "1" });
    const after = await send({});
    expect([before.status, rewritten.status, after.status]).toEqual([status, status, status]);
    expect([...rewritten.headers]).toEqual([["cache-control", "no-store"]]);
    expect([...after.headers]).toEqual([...before.headers]);
    expect([...after.headers].length).toBeGreaterThan(3);
  });

  it("runs for a 500, whose error the app's error handler answers once", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const { app, seen } = appWithMiddleware();
    const request = new FaultyRequest(`${BASE}/feed.xml`, "fault");
    const response = await app.fetch(request);
    expect(response.status).toBe(500);
    expect(response.headers.get("x-added-by-middleware")).toBe("yes");
    expect(seen).toEqual(["GET /feed.xml"]);
    expect(request.faults).toBe(1);
    expect(log).toHaveBeenCalledTimes(1);
    log.mockRestore();
  });
});
