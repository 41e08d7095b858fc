import { describe, expect, it } from "vitest";
import { assertValidFeed, feedDocumentProblem, OutputError } from "../../src/build/check-feeds.ts";
import { fixtureCorpus, frontMatter } from "../support/corpus.ts";
import { renderAtom, renderJsonFeed, renderRss } from "../support/site-feeds.ts";

const corpus = fixtureCorpus([{ frontMatter: frontMatter(1), body: "Body." }]);
const json = (patch: (feed: Record<string, any>) => void): string => {
  const feed = JSON.parse(renderJsonFeed(corpus));
  patch(feed);
  return JSON.stringify(feed);
};

describe("the build's check of its own feed documents", () => {
  it("passes what the renderers write", () => {
    expect(feedDocumentProblem("rss", renderRss(corpus))).toBeUndefined();
    expect(feedDocumentProblem("atom", renderAtom(corpus))).toBeUndefined();
    expect(feedDocumentProblem("json", renderJsonFeed(corpus))).toBeUndefined();
  });

  it.each([
    ["an unbound prefix (dc:creator without xmlns:dc)", "rss", renderRss(corpus).replace(/ xmlns:dc="[^"]*"/, ""), /prefix/],
    ["a < in an attribute", "atom", renderAtom(corpus).replace('term="Tests"', 'term="R&amp;D <lab>"'), /not well-formed/],
    ["a control character", "rss", renderRss(corpus).replace("Body.", "Bo\u0008dy."), /not well-formed/],
    ["an unclosed element", "atom", renderAtom(corpus).replace("</feed>", ""), /not well-formed/],
    ["a document of the other format", "rss", renderAtom(corpus), /root element is <feed>/],
  ] as const)("fails XML with %s", (_, format, document, message) => {
    expect(feedDocumentProblem(format, document)).toMatch(message);
  });

  it.each([
    ["text that is not JSON", renderJsonFeed(corpus).slice(0, -5), /not JSON/],
    ["another version", json((f) => (f["version"] = "https://jsonfeed.org/version/1")), /version/],
    ["an item without content", json((f) => delete f["items"][0]["content_html"]), /neither content_html nor content_text/],
    ["an empty content_html", json((f) => (f["items"][0]["content_html"] = "")), /content_html/],
    ["an item without id", json((f) => delete f["items"][0]["id"]), /id/],
    ["two items with one id", json((f) => f["items"].push(f["items"][0])), /not unique/],
    ["a relative url", json((f) => (f["items"][0]["url"] = "/articles/a")), /url/],
    ["a date that is not RFC 3339", json((f) => (f["items"][0]["date_published"] = "Mon, 01 Jan 2024")), /date_published/],
    ["an author with nothing in it", json((f) => (f["items"][0]["authors"] = [{}])), /author/],
  ])("fails a JSON Feed with %s", (_, document, message) => {
    expect(feedDocumentProblem("json", document)).toMatch(message);
  });

  it("judges each document on its own, whatever the documents read before it held", () => {
    const good = renderRss(corpus);
    const verdicts = [
      good,
      good.replace("</rss>", ""),
      good,
      renderAtom(corpus),
      good.replace("Body.", "Bo\u0008dy."),
      good,
      // Ends the parser inside a tag, then inside CDATA: what it read must not reach the next document.
      good.slice(0, good.indexOf("<channel>") + 4),
      good,
      good.slice(0, good.indexOf("<![CDATA[") + 12),
      good,
    ].map((document) => feedDocumentProblem("rss", document));
    expect(verdicts.map((problem) => problem === undefined)).toEqual([true, false, true, false, false, true, false, true, false, true]);
    expect(verdicts[3]).toMatch(/root element is <feed>/);
  });

  it("names the articles that break a document when rendered alone", () => {
    const two = fixtureCorpus([
      { file: "articles/good.md", frontMatter: frontMatter(1), body: "Good." },
      { file: "articles/bad.md", frontMatter: frontMatter(2), body: "Bad." },
    ]);
    const broken = (articles: readonly { source: string }[]) =>
      articles.some((a) => a.source === "articles/bad.md") ? "<rss><dc:creator/></rss>" : "<rss/>";
    const check = () => assertValidFeed("/feed.xml", "rss", broken(two.articles), broken, two.articles);
    expect(check).toThrow(OutputError);
    expect(check).toThrow(/\/feed\.xml .*Articles involved: articles\/bad\.md\./);
  });
});
