import { describe, expect, it } from "vitest";
import { DOCUMENTS } from "../support/documents.ts";
import { fetchPath } from "../support/worker-fetch.ts";

const ARTICLE = [...DOCUMENTS.keys()].find((path) => /^\/articles\/[^/]+$/.test(path))!;

describe("aliases of a served path", () => {
  it.each([
    ["/feed.xml/", "/feed.xml"],
    ["/feed.xml//", "/feed.xml"],
    [`${ARTICLE}/`, ARTICLE],
    ["/index.html", "/"],
    [`${ARTICLE}/index.html`, ARTICLE],
    ["/atom.xml/?utm_source=x", "/atom.xml?utm_source=x"],
  ])("%s redirects permanently to %s", async (alias, canonical) => {
    const response = await fetchPath(alias, { redirect: "manual" });
    expect(response.status).toBe(301);
    expect(response.headers.get("location")).toBe(canonical);
    expect(response.headers.get("cache-control")).toMatch(/^public, max-age=\d+$/);
    expect((await fetchPath(canonical)).status).toBe(200);
  });

  it("redirects a HEAD too", async () => {
    const response = await fetchPath("/feed.json/", { method: "HEAD", redirect: "manual" });
    expect(response.status).toBe(301);
    expect(response.headers.get("location")).toBe("/feed.json");
  });

  it.each(["/FEED.XML", "/Feed.xml", ARTICLE.toUpperCase(), `${ARTICLE.replace("/articles/", "/Articles/")}`])(
    "answers the case variant %s with a 404: paths are case-sensitive",
    async (path) => {
      expect((await fetchPath(path, { redirect: "manual" })).status).toBe(404);
    },
  );

  it.each(["/no/such/page/", "/nothing/index.html", "/articles/"])("answers %s, an alias of nothing served, with a 404", async (path) => {
    expect((await fetchPath(path, { redirect: "manual" })).status).toBe(404);
  });

  it("does not redirect other methods", async () => {
    const response = await fetchPath("/feed.xml/", { method: "POST", redirect: "manual" });
    expect(response.status).not.toBe(301);
    expect(response.headers.get("location")).toBeNull();
  });
});

describe("open redirects", () => {
  it.each(["//evil.example/", "//evil.example/index.html", "/\\evil.example/", "//evil.example//", "/%2fevil.example/", "//feed.xml/", "/%5c%5cevil.example/"])(
    "are impossible: %s never redirects off-site",
    async (path) => {
      const response = await fetchPath(path, { redirect: "manual" });
      const location = response.headers.get("location");
      if (location !== null) expect(new URL(location, "https://edgefeed.test/").origin).toBe("https://edgefeed.test");
      expect(response.status).toBe(404);
    },
  );
});
