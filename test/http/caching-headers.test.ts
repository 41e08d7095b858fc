import { describe, expect, it } from "vitest";
import { RENDERED_PATHS, ROUTES, failingWorkerResponse, headerRecord, rendered, request } from "./caching-support.ts";

/** The headers the issue names for every response to a rendered document. */
const ALWAYS = ["etag", "last-modified", "cache-control", "access-control-allow-origin", "access-control-expose-headers"];
/** And for /feed, whose body varies with Accept. */
const NEGOTIATED = [...ALWAYS, "vary", "content-location"];

const conditional = (etag: string) => ({ "if-none-match": etag });

describe("headers on HEAD and 304 as on GET", () => {
  it.each(ROUTES)("$label: HEAD repeats the GET status and every header, without a body", async ({ path, accept }) => {
    const headers = accept ? { accept } : {};
    const get = await request(path, { headers });
    const head = await request(path, { method: "HEAD", headers });
    expect(head.status).toBe(200);
    expect(headerRecord(head.headers)).toEqual(headerRecord(get.headers));
    expect(await head.text()).toBe("");
    expect(Number(head.headers.get("content-length"))).toBe((await get.arrayBuffer()).byteLength);
  });

  it.each(ROUTES)("$label: a 304, to GET and to HEAD, carries every named header with the 200's values", async ({ path, accept }) => {
    const headers = accept ? { accept } : {};
    const ok = await request(path, { headers });
    const named = path === "/feed" ? NEGOTIATED : ALWAYS;
    for (const name of named) expect(ok.headers.get(name), name).not.toBeNull();
    for (const method of ["GET", "HEAD"]) {
      const notModified = await request(path, { method, headers: { ...headers, ...conditional(ok.headers.get("etag")!) } });
      expect(notModified.status).toBe(304);
      expect(await notModified.text()).toBe("");
      for (const name of named) expect(notModified.headers.get(name), `${method} ${name}`).toBe(ok.headers.get(name));
      // RFC 9110 §15.4.5: no other representation metadata on a 304.
      expect(notModified.headers.get("content-type")).toBeNull();
    }
  });
});

describe("what every response leaves out", () => {
  it("sends Vary only on /feed, the one path whose body depends on a request header", async () => {
    for (const [path] of RENDERED_PATHS) expect((await request(path)).headers.get("vary"), path).toBeNull();
    expect((await request("/feed")).headers.get("vary")).toBe("Accept");
  });

  it("never sets a cookie, on any status or method", async () => {
    const responses = await Promise.all([
      ...RENDERED_PATHS.map(([path]) => request(path)),
      request("/feed"),
      request("/feed.xml", { headers: conditional(rendered("/feed.xml").etag) }),
      request("/no/such/page"),
      request("/feed.xml", { method: "POST" }),
      request("/feed.xml", { method: "OPTIONS" }),
    ]);
    for (const response of responses) expect(response.headers.get("set-cookie"), `${response.status}`).toBeNull();
  });
});

describe("query strings", () => {
  it.each(RENDERED_PATHS.map(([path]) => path))("%s?utm_source=x serves the same bytes and ETag as %s", async (path) => {
    const plain = await request(path);
    const tracked = await request(`${path}?utm_source=x&utm_medium=rss`);
    expect(tracked.status).toBe(200);
    expect(tracked.headers.get("etag")).toBe(plain.headers.get("etag"));
    expect(await tracked.text()).toBe(await plain.text());
  });
});

describe("cross-origin reads", () => {
  it.each(["/feed.xml", "/atom.xml", "/feed.json", "/feed"])("lets any origin read %s and its validators", async (path) => {
    const response = await request(path, { headers: { origin: "https://reader.example" } });
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-expose-headers")).toMatch(/\bETag\b.*\bLast-Modified\b/);
  });

  it("lets a script see a 404 as a 404 rather than a CORS failure", async () => {
    const response = await request("/no/such/feed.xml");
    expect(response.status).toBe(404);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("answers a CORS preflight for a conditional GET with 204 and what it allows", async () => {
    const response = await request("/feed.json", {
      method: "OPTIONS",
      headers: {
        origin: "https://reader.example",
        "access-control-request-method": "GET",
        "access-control-request-headers": "if-none-match, if-modified-since",
      },
    });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-methods")).toBe("GET, HEAD, OPTIONS");
    const allowed = response.headers.get("access-control-allow-headers")!.toLowerCase().split(/\s*,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(["if-none-match", "if-modified-since", "accept"]));
    expect(Number(response.headers.get("access-control-max-age"))).toBeGreaterThan(0);
    expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
  });
});

describe("methods", () => {
  it.each(["POST", "PUT", "PATCH", "DELETE"])("answers %s on a document with 405 and Allow", async (method) => {
    const response = await request("/feed.xml", { method });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect(response.headers.get("etag")).toBeNull();
  });

  it("answers other methods and OPTIONS on an unknown path with 404: there is no resource to allow anything on", async () => {
    expect((await request("/no/such/page", { method: "POST" })).status).toBe(404);
    expect((await request("/no/such/page", { method: "OPTIONS" })).status).toBe(404);
  });

  it("answers HEAD on an unknown path with the 404's headers and no body", async () => {
    const response = await request("/no/such/page", { method: "HEAD" });
    expect(response.status).toBe(404);
    expect(response.headers.get("cache-control")).toBe("public, max-age=60");
    expect(await response.text()).toBe("");
  });
});

describe("failures", () => {
  it("answers an exception with a 500 that no cache stores, a request id and no stack trace", async () => {
    const response = await failingWorkerResponse({ headers: { "cf-ray": "8c1f2a3b4c5d6e7f-NRT" } }, new Error("secret detail"));
    expect(response.status).toBe(500);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-request-id")).toBe("8c1f2a3b4c5d6e7f-NRT");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(await response.text()).not.toContain("secret detail");
    expect(response.log).toEqual([["request 8c1f2a3b4c5d6e7f-NRT failed:", expect.objectContaining({ message: "secret detail" })]]);
  });
});
