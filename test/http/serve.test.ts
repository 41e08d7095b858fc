import { describe, expect, it } from "vitest";
import type { StoredDocument } from "../../src/store/document.ts";
import { buildRoutes } from "../../src/http/routes.ts";
import { PATHS } from "../../src/paths.ts";

const PAGE: StoredDocument = {
  recipe: [0, 2],
  byteLength: 5,
  contentType: "text/html; charset=utf-8",
  etag: '"page-etag"',
  lastModified: "Thu, 04 Feb 2021 15:00:00 GMT",
  cacheClass: "page",
  contentPolicy: "page",
  cacheTag: "doc:/page",
};

/** The three feeds `/feed` chooses from, which every build has. */
const FEEDS = [PATHS.feed.rss, PATHS.feed.atom, PATHS.feed.json].map((path) => [path, { ...PAGE, cacheClass: "feed" }] as const);

/** Routes over one page whose body counts how often it was assembled, and is kept once it was. */
function countingRoutes(path: string) {
  let assembled = 0;
  let kept: Blob | undefined;
  const routes = buildRoutes([...FEEDS, [path, PAGE]], {
    keptBody: () => kept,
    loadBody: () => {
      assembled++;
      kept = new Blob(["hello"]);
      return Promise.resolve(kept);
    },
  });
  return { route: routes.get(path)!, assembled: () => assembled };
}

describe("serving a stored document", () => {
  it("Should answer HEAD with the GET's headers, Content-Length included, without assembling the body", async () => {
    const { route, assembled } = countingRoutes("/cold-head");
    const response = await route(new Request("https://x.test/cold-head", { method: "HEAD" }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-length")).toBe("5");
    expect(response.headers.get("etag")).toBe('"page-etag"');
    expect(response.body).toBeNull();
    expect(assembled()).toBe(0);
  });

  it("Should answer a matching If-None-Match with a 304 without assembling the body", async () => {
    const { route, assembled } = countingRoutes("/cold-304");
    const response = await route(new Request("https://x.test/cold-304", { headers: { "if-none-match": '"page-etag"' } }));
    expect(response.status).toBe(304);
    expect(assembled()).toBe(0);
  });

  it("Should wait for a body on the first GET only, and serve kept bytes at once after", async () => {
    const { route, assembled } = countingRoutes("/warm");
    const first = route(new Request("https://x.test/warm"));
    expect(first).toBeInstanceOf(Promise);
    expect(await (await first).text()).toBe("hello");
    const second = route(new Request("https://x.test/warm"));
    expect(second).toBeInstanceOf(Response);
    expect(await (second as Response).text()).toBe("hello");
    expect(assembled()).toBe(1);
  });

  it("Should answer every stored path and /feed, and nothing else", () => {
    const notOnStartUp = () => {
      throw new Error("not on start-up");
    };
    const routes = buildRoutes([...FEEDS, ["/a", PAGE], ["/b", PAGE]], { keptBody: notOnStartUp, loadBody: notOnStartUp });
    expect(routes.has("/a") && routes.has("/b") && routes.has("/feed")).toBe(true);
    expect(routes.has("/c")).toBe(false);
    expect(routes.get("/c")).toBeUndefined();
  });
});
