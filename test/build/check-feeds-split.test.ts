import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { feedDocumentProblem } from "../../src/build/check-feeds.ts";
import { itemXml, renderWhole, type BodySplit, type FeedEntry, type XmlFeedFormat } from "../../src/render/feed-adapter.ts";
import { siteFeed, subscriptionScope } from "../../src/render/feed-scope.ts";
import { fixtureCorpus, frontMatter } from "../support/corpus.ts";

// An item's document reaches the check with its body given apart (feed-adapter.ts itemDocument),
// and the check reads a short stand-in document plus the body's characters instead of the whole
// (check-feeds.ts splitXmlProblem). Its verdict must be the whole document's, for any body.
const corpus = fixtureCorpus([{ frontMatter: frontMatter(1), body: "Body." }]);
const scope = subscriptionScope(siteFeed(corpus), 50);

/** Pieces that break CDATA or XML's characters, or mimic the stand-in and the section markup. */
const hostile = fc
  .array(
    fc.constantFrom("<p>", "</p>", "a", " ", "&amp;", "]", "]]", "]]>", ">", "<![CDATA[", "<!--", "--", "\uD800", "\uDBFF", "\uDC00", "\uD83D\uDE00", "\u0001", "\u0085", "\uFFFE", "\uFFFF", "\uFDD0", "\r", "\r\n", "edgefeed stand-in body"),
    { minLength: 1, maxLength: 12 },
  )
  .map((parts) => parts.join(""));
const plain = fc.constantFrom("A title", "R&D <lab>", "edgefeed stand-in body", "bad \u0001 control", "lone \uD800 half");

const entry: fc.Arbitrary<FeedEntry> = fc.record({
  title: plain,
  url: fc.constant("https://news.example.org/articles/a"),
  published: fc.constant(new Date("2024-01-01T00:00:00Z")),
  updated: fc.constant(new Date("2024-01-02T00:00:00Z")),
  author: plain,
  tags: fc.array(plain, { maxLength: 2 }),
  summaryHtml: fc.oneof(plain, hostile),
  contentHtml: fc.oneof(fc.constant("<p>Content.</p>"), hostile),
});

/** The item's verdict as the build gets it: from whatever itemXml hands its check. */
function itemVerdict(format: XmlFeedFormat, item: FeedEntry): { passed: boolean; split: boolean } {
  let verdict: { passed: boolean; split: boolean } | undefined;
  itemXml(format, item, (document) => {
    verdict = { passed: feedDocumentProblem(format, document) === undefined, split: typeof document !== "string" };
  });
  return verdict!;
}

describe("the check of an item's document given with its body apart", () => {
  for (const format of ["rss", "atom"] as const) {
    it(`passes exactly the items whose whole document passes (${format}), for hostile bodies`, () => {
      let splits = 0;
      fc.assert(
        fc.property(entry, (item) => {
          const whole = feedDocumentProblem(format, renderWhole(format, corpus.site, scope, [{ ...item }])) === undefined;
          const { passed, split } = itemVerdict(format, { ...item });
          if (split) splits++;
          expect(passed).toBe(whole);
        }),
        { numRuns: 600 },
      );
      // The short way is taken, not only the whole document read.
      expect(splits).toBeGreaterThan(150);
    });
  }

  it("gives an ordinary item's body apart", () => {
    expect(itemVerdict("rss", { title: "T", url: "https://a.example/", published: new Date(0), updated: new Date(0), author: "A", tags: [], summaryHtml: "S", contentHtml: "<p>Body.</p>" })).toEqual({ passed: true, split: true });
  });

  const split = (head: string, body: string, tail: string): BodySplit => ({ head, body, tail, standIn: "stand-in" });
  it.each([
    // The stand-in inside a comment reads fine; the body there does not (a comment holds no "--").
    ["a stand-in that is not read as CDATA", split("<rss><b><!-- ", "<![CDATA[a -- b]]>", " --></b></rss>")],
    // The stand-in's text as another section elsewhere must not stand for it.
    ["a stand-in whose text occurs elsewhere", split("<rss><a><![CDATA[stand-in]]></a><b><!-- ", "<![CDATA[--x]]>", " --></b></rss>")],
    ["a body with ]]> after its sections", split("<rss><b>", "<![CDATA[a]]>]]>", "</b></rss>")],
    ["a body that is not sections", split("<rss><b>", "a<c>", "</b></rss>")],
    ["a body with a lone surrogate before ]]>", split("<rss><b>", "<![CDATA[a\uD800]]>", "</b></rss>")],
    ["a body with a control character", split("<rss><b>", "<![CDATA[a\u0001]]>", "</b></rss>")],
  ])("fails %s, as the whole document fails", (_, document) => {
    expect(feedDocumentProblem("rss", document.head + document.body + document.tail)).toMatch(/not well-formed/);
    expect(feedDocumentProblem("rss", document)).toMatch(/not well-formed/);
  });

  // A split that says where its item is: "@" marks the body's place in the item.
  const placed = (before: string, item: string, after: string, body = "<![CDATA[x]]>"): BodySplit => {
    const [start, end] = item.split("@") as [string, string];
    return { head: before + start, body, tail: end + after, standIn: "stand-in", item: { start: before.length, end: end.length } };
  };
  it.each([
    ["an item with a prefix its place does not bind", placed("<rss><channel>", "<item><x:y>@</x:y></item>", "</channel></rss>")],
    ["an item with a prefix bound only on an element before its place", placed('<rss><channel><a xmlns:x="urn:x"/>', "<item><x:y>@</x:y></item>", "</channel></rss>")],
    ["an item that leaves an element open", placed("<rss><channel>", "<item><b>@</item>", "</channel></rss>")],
    ["an item followed by ]]> at its place's level", placed("<rss><channel>", "<item>@</item>]]>", "</channel></rss>")],
    ["an item whose place is inside a comment", placed("<rss><channel><!-- <p>", "<item>@</item>", " --></channel></rss>", "<![CDATA[a -- b]]>")],
    ["an item that starts a ]]> its place began", placed("<rss><channel>]]", "><item>@</item>", "</channel></rss>")],
    ["an item in a document of the other format", placed("<feed>", "<entry>@</entry>", "</feed>")],
  ])("fails %s, as the whole document fails", (_, document) => {
    expect(feedDocumentProblem("rss", document.head + document.body + document.tail)).toBeDefined();
    expect(feedDocumentProblem("rss", document)).toBeDefined();
  });

  it("passes an item whose prefixes and default namespace its place binds", () => {
    const document = placed('<?xml version="1.0"?>\n<rss xmlns:dc="urn:dc"><channel xmlns="urn:d"><title>t</title>', "\n  <item><dc:creator>a</dc:creator><c>@</c></item>", "\n</channel></rss>");
    expect(feedDocumentProblem("rss", document.head + document.body + document.tail)).toBeUndefined();
    expect(feedDocumentProblem("rss", document)).toBeUndefined();
  });

  it("passes a body of several sections, paired surrogates and C1 controls", () => {
    const document = split("<rss><b>", "<![CDATA[a]]]]><![CDATA[>\uD83D\uDE00\u0085\r\n]]>", "</b></rss>");
    expect(feedDocumentProblem("rss", document.head + document.body + document.tail)).toBeUndefined();
    expect(feedDocumentProblem("rss", document)).toBeUndefined();
  });
});
