import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { renderDocuments } from "../../src/build/documents.ts";
import { fixtureCorpus, frontMatter } from "../support/corpus.ts";
import { feedLinks, servedPath } from "../support/feed-links.ts";
import { parseWithEveryParser, type FeedFormat } from "../support/parsed-feeds.ts";

// Every feed document one build serves (site and topic subscriptions, every archive page) obeys the
// same rules, whatever scope it was rendered for.
const TAGS = [["Politics", "외교"], ["politics"], ["Asia", "Trade & Tariffs"], ["Weather"]];
const corpus = fixtureCorpus(
  Array.from({ length: 40 }, (_, n) => ({ frontMatter: frontMatter(n, { tags: TAGS[n % TAGS.length] }), body: `Body [link](/x/${n}).` })),
  { feedItems: 7, hub: "https://hub.example.net/" },
);
const resources = renderDocuments(corpus, { icon: "<svg/>" });
const FORMAT_OF: Record<string, FeedFormat> = {
  "application/rss+xml; charset=utf-8": "rss",
  "application/atom+xml; charset=utf-8": "atom",
  "application/feed+json; charset=utf-8": "json",
};
const documents = [...resources].filter(([, r]) => r.contentType in FORMAT_OF).map(([path, r]) => ({ path, body: r.body, format: FORMAT_OF[r.contentType]! }));

describe("every feed document the build serves", () => {
  it("includes topic archive pages", () => {
    expect(documents.filter(({ path }) => path.startsWith("/tags/") && path.includes("/archive/")).length).toBeGreaterThan(0);
  });

  it("is well-formed XML or JSON Feed 1.1", () => {
    for (const { path, body, format } of documents) {
      if (format === "json") expect(JSON.parse(body).version, path).toBe("https://jsonfeed.org/version/1.1");
      else expect(XMLValidator.validate(body), path).toBe(true);
    }
  });

  it("reads the same items, at most feedItems, with every parser", () => {
    for (const { path, body, format } of documents) {
      const byParser = Object.values(parseWithEveryParser(format, body)).map((items) => items.map((item) => item.id));
      expect(byParser[0]!.length, path).toBeGreaterThan(0);
      expect(byParser[0]!.length, path).toBeLessThanOrEqual(7);
      for (const ids of byParser) expect(ids, path).toEqual(byParser[0]);
    }
  });

  it("links to itself (JSON Feed archive pages: to their feed), and every document it links to is served", () => {
    for (const { path, body, format } of documents) {
      const links = feedLinks(format, body);
      const archived = path.includes("/archive/");
      const own = format === "json" && archived ? path.replace(/\/archive\/\d+\/\d+\//, "/") : path;
      expect(servedPath(links.self!), path).toBe(own);
      for (const url of [links.self, links.current, links.prevArchive, links.nextArchive]) {
        if (url === undefined) continue;
        expect(url, path).toMatch(/^https:\/\/news\.example\.org\/[\x21-\x7e]*$/);
        expect(resources.has(servedPath(url)), `${path} links to ${url}`).toBe(true);
      }
      expect(links.hubs, path).toEqual(archived ? [] : ["https://hub.example.net/"]);
    }
  });
});
