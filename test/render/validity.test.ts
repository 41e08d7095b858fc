import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { fixtureCorpus, frontMatter } from "../support/corpus.ts";
import { renderAtom, renderJsonFeed, renderRss } from "../support/site-feeds.ts";

// The rules the W3C Feed Validation Service, RFC 4287 and JSON Feed 1.1 apply, checked on the
// parsed documents. (The W3C service itself is not reachable offline.)
const corpus = fixtureCorpus([
  { frontMatter: frontMatter(1, { author: "Kim Ji-won", tags: ["Seoul", "Trade & Tariffs"] }), body: "Body [link](/x)." },
  { frontMatter: frontMatter(2, { updated: "2024-06-01T00:00:00+09:00" }), body: "Second." },
]);

const RFC_822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function parseXml(document: string) {
  expect(XMLValidator.validate(document)).toBe(true);
  return new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", isArray: (name) => ["item", "entry", "category", "link", "atom:link"].includes(name) }).parse(document);
}

/** Every attribute and text value that is a URL (href, src, link, id, guid) must be absolute. */
function relativeUrls(document: string): string[] {
  return [...document.matchAll(/(?:href|src)=(?:"|&quot;|\\")([^"&\\]*)/g)].map((m) => m[1]!).filter((url) => !/^https?:\/\//.test(url));
}

describe("RSS 2.0", () => {
  const document = renderRss(corpus);
  const { rss } = parseXml(document);
  const channel = rss.channel;

  it("declares every namespace it uses", () => {
    expect(rss["@version"]).toBe("2.0");
    expect(rss["@xmlns:atom"]).toBe("http://www.w3.org/2005/Atom");
    expect(rss["@xmlns:content"]).toBe("http://purl.org/rss/1.0/modules/content/");
    expect(rss["@xmlns:dc"]).toBe("http://purl.org/dc/elements/1.1/");
  });

  it("has the required channel elements, a language and a self link", () => {
    expect(channel.title).toBe("Fixture Times");
    expect(channel.link).toEqual(["https://news.example.org/"]);
    expect(channel.description).toBe("A site made up for tests.");
    expect(channel.language).toBe("en");
    expect(channel["atom:link"]).toEqual([{ "@href": "https://news.example.org/feed.xml", "@rel": "self", "@type": "application/rss+xml" }]);
    expect(channel.lastBuildDate).toMatch(RFC_822);
  });

  it("gives each item a permalink guid, an RFC 822 date and a dc:creator instead of a bare-name author", () => {
    for (const item of channel.item) {
      expect(item.guid["@isPermaLink"]).toBe("true");
      expect([item.guid["#text"]]).toEqual(item.link);
      expect(item.pubDate).toMatch(RFC_822);
      expect(item["dc:creator"]).toBeTruthy();
      expect(item.author).toBeUndefined();
      expect(item["content:encoded"]).toBeTruthy();
    }
  });

  it("uses only absolute URLs in content", () => {
    expect(relativeUrls(document)).toEqual([]);
  });
});

describe("Atom 1.0 (RFC 4287)", () => {
  const document = renderAtom(corpus);
  const { feed } = parseXml(document);

  it("has an id, title, RFC 3339 updated, author and a self link", () => {
    expect(feed["@xmlns"]).toBe("http://www.w3.org/2005/Atom");
    expect(feed.id).toBe("https://news.example.org/");
    expect(feed.updated).toMatch(RFC_3339);
    expect(feed.author.name).toBe("Fixture Media");
    expect(feed.link).toContainEqual({ "@rel": "self", "@href": "https://news.example.org/atom.xml" });
    expect(feed.link).toContainEqual({ "@rel": "alternate", "@href": "https://news.example.org/" });
  });

  it("gives every entry an id, link, published, updated, author, html content and categories with a term", () => {
    for (const entry of feed.entry) {
      expect(entry.id).toMatch(/^https:\/\/news\.example\.org\/articles\//);
      expect(entry.link[0]["@href"]).toBe(entry.id);
      expect(entry.published).toMatch(RFC_3339);
      expect(entry.updated).toMatch(RFC_3339);
      expect(entry.author.name).toBeTruthy();
      expect(entry.content["@type"]).toBe("html");
      for (const category of entry.category) expect(category["@term"]).toBeTruthy();
    }
  });

  it("uses only absolute URLs in content", () => {
    expect(relativeUrls(document)).toEqual([]);
  });
});

describe("JSON Feed 1.1", () => {
  const document = renderJsonFeed(corpus);
  const feed = JSON.parse(document);

  it("declares version 1.1 with the 1.1 fields and none of the deprecated 1.0 ones", () => {
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.title).toBe("Fixture Times");
    expect(feed.home_page_url).toBe("https://news.example.org/");
    expect(feed.feed_url).toBe("https://news.example.org/feed.json");
    expect(feed.language).toBe("en");
    expect(feed.authors).toEqual([{ name: "Fixture Media", url: "https://news.example.org" }]);
    expect(feed).not.toHaveProperty("author");
  });

  it("gives every item a unique string id, content_html, summary, RFC 3339 dates and authors", () => {
    const ids = feed.items.map((item: { id: unknown }) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const item of feed.items) {
      expect(typeof item.id).toBe("string");
      expect(item.content_html).toBeTruthy();
      expect(item.summary).toBeTruthy();
      expect(item.date_published).toMatch(RFC_3339);
      expect(item.date_modified).toMatch(RFC_3339);
      expect(item.authors[0].name).toBeTruthy();
      expect(item).not.toHaveProperty("author");
    }
  });

  it("uses only absolute URLs in content", () => {
    expect(relativeUrls(document)).toEqual([]);
  });
});
