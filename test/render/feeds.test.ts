import { describe, expect, it } from "vitest";
import type { Corpus } from "../../src/model.ts";
import { fixtureCorpus, frontMatter } from "../support/corpus.ts";
import { renderAtom, renderJsonFeed, renderRss } from "../support/site-feeds.ts";
import { parseWithEveryParser, type FeedFormat } from "../support/parsed-feeds.ts";

const RENDER: Record<FeedFormat, (corpus: Corpus) => string> = { rss: renderRss, atom: renderAtom, json: renderJsonFeed };
const FORMATS = Object.keys(RENDER) as FeedFormat[];

function threeArticles(feedItems = 50): Corpus {
  return fixtureCorpus(
    [
      { frontMatter: frontMatter(1, { published: "2024-01-02T08:00:00+09:00", author: "Kim Ji-won" }), body: "Oldest body." },
      { frontMatter: frontMatter(2, { published: "2024-03-01T10:30:00Z", updated: "2024-03-05T00:00:00Z" }), body: "Newest body." },
      { frontMatter: frontMatter(3, { published: "2024-02-10T23:59:59-05:00" }), body: "Middle body with a [relative link](/about) and ![a photo](/img/p.jpg)." },
    ],
    { feedItems },
  );
}

describe.each(FORMATS)("the %s feed, read back by independent parsers", (format) => {
  it("lists items newest first with absolute ids and links from the configured base URL", () => {
    for (const [parser, items] of Object.entries(parseWithEveryParser(format, RENDER[format](threeArticles())))) {
      expect(items.map((i) => i.link), parser).toEqual([
        "https://news.example.org/articles/article-2",
        "https://news.example.org/articles/article-3",
        "https://news.example.org/articles/article-1",
      ]);
      expect(items.map((i) => i.id), parser).toEqual(items.map((i) => i.link));
    }
  });

  it("carries each item's publication date to the second, in UTC", () => {
    for (const [parser, items] of Object.entries(parseWithEveryParser(format, RENDER[format](threeArticles())))) {
      expect(items.map((i) => i.published), parser).toEqual([
        "2024-03-01T10:30:00.000Z",
        "2024-02-11T04:59:59.000Z",
        "2024-01-01T23:00:00.000Z",
      ]);
    }
  });

  it("names each item's author, falling back to the site's default author", () => {
    for (const [parser, items] of Object.entries(parseWithEveryParser(format, RENDER[format](threeArticles())))) {
      expect(items.map((i) => i.author), parser).toEqual(["Fixture Desk", "Fixture Desk", "Kim Ji-won"]);
    }
  });

  it("carries the full body with every URL made absolute", () => {
    for (const [parser, items] of Object.entries(parseWithEveryParser(format, RENDER[format](threeArticles())))) {
      const middle = items[1]!.content;
      expect(middle, parser).toContain('<a href="https://news.example.org/about">relative link</a>');
      expect(middle, parser).toContain('src="https://news.example.org/img/p.jpg"');
    }
  });

  it("stops at the configured number of items", () => {
    for (const [parser, items] of Object.entries(parseWithEveryParser(format, RENDER[format](threeArticles(2))))) {
      expect(items.map((i) => i.link.split("/").pop()), parser).toEqual(["article-2", "article-3"]);
    }
  });
});

describe("feed-level dates", () => {
  it("are the newest item's update, never the build's clock", () => {
    const corpus = threeArticles();
    expect(renderRss(corpus)).toContain("<lastBuildDate>Tue, 05 Mar 2024 00:00:00 GMT</lastBuildDate>");
    expect(renderAtom(corpus)).toMatch(/<feed[^>]*>\s*<id>[^<]*<\/id>\s*<title>[^<]*<\/title>\s*<updated>2024-03-05T00:00:00.000Z<\/updated>/);
    expect(renderRss(corpus)).toBe(renderRss(threeArticles()));
  });
});
