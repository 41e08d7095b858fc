import { parseFeed as feedsmith } from "feedsmith";
import { XMLParser } from "fast-xml-parser";
import { SaxesParser } from "saxes";
import { describe, expect, it } from "vitest";
import { feedDocumentProblem } from "../../src/build/check-feeds.ts";
import { renderFeedXml, type FeedEntry, type XmlFeedFormat } from "../../src/render/feed-adapter.ts";
import { siteFeed, subscriptionScope } from "../../src/render/feed-scope.ts";
import { fixtureCorpus, frontMatter } from "../support/corpus.ts";

/**
 * One test per correction the adapter makes to the `feed` package's output: each goes red when
 * its correction is taken out of src/render/feed-adapter.ts.
 */
const corpus = fixtureCorpus([{ frontMatter: frontMatter(1), body: "Body." }]);
const scope = subscriptionScope(siteFeed(corpus), 50);

function entry(overrides: Partial<FeedEntry> = {}): FeedEntry {
  return {
    title: "A title",
    url: "https://news.example.org/articles/a",
    published: new Date("2024-01-01T00:00:00Z"),
    updated: new Date("2024-01-02T00:00:00Z"),
    author: "An Author",
    tags: ["Tag"],
    summaryHtml: "A summary.",
    contentHtml: "<p>Content.</p>",
    ...overrides,
  };
}

function render(format: XmlFeedFormat, overrides: Partial<FeedEntry> = {}): string {
  const document = renderFeedXml(format, corpus.site, scope, [entry(overrides)]);
  expect(feedDocumentProblem(format, document)).toBeUndefined();
  return document;
}

/** Element text and attributes as an XML parser reads them, with no HTML decoding on top. */
const xml = (document: string) =>
  new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", processEntities: true, htmlEntities: false, parseTagValue: false, trimValues: false, isArray: (_, __, ___, isAttribute) => !isAttribute }).parse(document);

/** The attributes of every element named `name`, as a conforming XML parser normalizes them (XML 1.0 §3.3.3). */
function attributesOf(document: string, name: string): Record<string, string>[] {
  const found: Record<string, string>[] = [];
  const parser = new SaxesParser();
  parser.on("opentag", (tag) => {
    if (tag.name === name) found.push(tag.attributes as Record<string, string>);
  });
  parser.write(document).close();
  return found;
}

describe("the feed adapter's corrections", () => {
  it("writes an RSS item title as escaped text, not CDATA that readers take for HTML", () => {
    const document = render("rss", { title: "Bold <b>claims & more" });
    expect(document).toContain("<title>Bold &lt;b&gt;claims &amp; more</title>");
    expect(document).not.toMatch(/<title><!\[CDATA\[/);
  });

  it.each(["rss", "atom"] as const)("keeps a literal “&amp;” in %s text (xml-js would decode it first)", (format) => {
    const parsed = feedsmith(render(format, { author: "AT&amp;T Labs", tags: ["Q&amp;A"] }));
    const item = parsed.format === "rss" ? parsed.feed.items![0]! : parsed.format === "atom" ? parsed.feed.entries![0]! : undefined;
    const author = parsed.format === "rss" ? (item as { dc?: { creators?: string[] } }).dc?.creators?.[0] : (item as { authors?: { name: string }[] }).authors?.[0]?.name;
    expect(author).toBe("AT&amp;T Labs");
  });

  it("keeps a literal “&amp;” in the channel's title (a topic feed is titled after its tag)", () => {
    const topicScope = { ...scope, feed: { ...scope.feed, title: "Q&amp;A · Fixture Times" } };
    const parsed = xml(renderFeedXml("rss", corpus.site, topicScope, [entry()]));
    expect(parsed.rss[0].channel[0].title[0]).toBe("Q&amp;A · Fixture Times");
  });

  it("escapes < and white space in Atom category attributes (R&D <lab>)", () => {
    const document = render("atom", { tags: ["R&D <lab>", "tab\there"] });
    expect(attributesOf(document, "category").map((c) => [c["term"], c["label"]])).toEqual([
      ["R&D <lab>", "R&D <lab>"],
      ["tab\there", "tab\there"],
    ]);
  });

  it.each(["rss", "atom"] as const)("keeps every “]]>” of the %s content inside its CDATA section", (format) => {
    const content = "<p>one ]]> two ]]> three ]]></p>";
    const parsed = xml(render(format, { contentHtml: content }));
    const value = format === "rss" ? parsed.rss[0].channel[0].item[0]["content:encoded"][0] : parsed.feed[0].entry[0].content[0]["#text"];
    expect(value).toBe(content);
  });

  it("declares the Dublin Core namespace when an item has no content (feed declares it only with content)", () => {
    const document = render("rss", { contentHtml: "" });
    expect(document).toMatch(/<rss\b[^>]*xmlns:dc="http:\/\/purl\.org\/dc\/elements\/1\.1\/"/);
  });

  it("escapes an Atom title that `feed` labels type=\"html\", so it reads as the text it is", () => {
    const parsed = xml(render("atom", { title: "Use <em> & <strong>" }));
    const title = parsed.feed[0].entry[0].title[0];
    expect(title["@type"]).toBe("html");
    expect(title["#text"]).toBe("Use &lt;em&gt; &amp; &lt;strong&gt;");
  });
});

describe("the RSS channel description", () => {
  it("is the feed's plain text escaped as HTML, as readers take it for HTML", () => {
    const topicScope = { ...scope, feed: { ...scope.feed, description: 'Tagged “<img src="data:x">” & more' } };
    const channel = xml(renderFeedXml("rss", corpus.site, topicScope, [entry()])).rss[0].channel[0];
    expect(channel.description[0]).toBe("Tagged “&lt;img src=&quot;data:x&quot;&gt;” &amp; more");
  });
});
