import fc from "fast-check";
import { Feed } from "feed";
import { describe, expect, it, vi } from "vitest";
import { itemXml, renderFeedXml, renderWhole, writeItems, type BodySplit, type FeedEntry, type XmlFeedFormat } from "../../src/render/feed-adapter.ts";
import { feedDocuments, siteFeed } from "../../src/render/feed-scope.ts";
import { renderJsonFeed, writtenJsonItem } from "../../src/render/json-feed.ts";
import { feedBody } from "../../src/render/photo.ts";
import { fixtureCorpus, frontMatter } from "../support/corpus.ts";

// Documents are assembled from items written once each (src/render/feed-adapter.ts); `feed`
// stays the serializer, so an assembled document must be exactly what `feed` writes whole.
const corpus = fixtureCorpus(Array.from({ length: 7 }, (_, n) => ({ frontMatter: frontMatter(n), body: `Body ${n}.` })), { feedItems: 3 });
const hubSite = { ...corpus.site, hub: "https://hub.example.org/" };
const scopes = feedDocuments(siteFeed(corpus), 3);

const text = fc.oneof(fc.string(), fc.constantFrom("]]>", "a ]]> b ]]> c", "R&D <lab>", "&amp;", "tab\there", "<item>", "</entry>", "\n        <item>"));
const entry: fc.Arbitrary<FeedEntry> = fc.record({
  title: text,
  url: fc.webUrl(),
  published: fc.date({ min: new Date("2000-01-01"), max: new Date("2030-01-01"), noInvalidDate: true }),
  updated: fc.date({ min: new Date("2030-01-01"), max: new Date("2035-01-01"), noInvalidDate: true }),
  author: text,
  tags: fc.array(text, { maxLength: 3 }),
  summaryHtml: text,
  // An item's content is put in place of a stand-in (feed-adapter.ts itemDocument): bodies that
  // hold the stand-in, CDATA markup, or what the adapter's corrections rewrite must come out as
  // `feed` writes them whole.
  contentHtml: fc.oneof(
    fc.constant(""),
    text,
    fc.constant("<p>One</p>\n<p>Two ]]> three</p>"),
    fc.constantFrom(
      "edgefeed stand-in body",
      "<![CDATA[edgefeed stand-in body]]>",
      "<p>]]]></p><![CDATA[x]]>]]",
      '<link rel="enclosure" href="a.jpg" type="image/jpg"/>',
      "<rss version=\"2.0\"><dc:creator>x</dc:creator>",
      "\uFFFF41 \uFFFF",
    ),
    fc.array(fc.constantFrom("<p>", "</p>", "]", "]]>", ">", "<![CDATA[", "\uD800", "\uDC00", "\u0001", "\r\n", "edgefeed stand-in body", "é", "😀"), { minLength: 1 }).map((parts) => parts.join("")),
  ),
  // A photo in any entry, not only the first, makes the document declare Media RSS; a remote
  // picture may have no type or size.
  image: fc.option(
    fc.record({ url: fc.constantFrom("https://example.org/a.jpg", "https://example.org/b.webp?x=1&y=2"), width: fc.nat(4000), height: fc.nat(4000), type: fc.option(fc.constantFrom("image/jpeg", "image/webp"), { nil: undefined }), byteLength: fc.option(fc.nat(), { nil: undefined }), sources: fc.constant([]), alt: text }),
    { nil: undefined },
  ),
});

describe("a feed document assembled from items written once", () => {
  for (const format of ["rss", "atom"] as const satisfies readonly XmlFeedFormat[]) {
    it(`Should equal what feed writes whole (${format}), for any entries, scope and hub`, () => {
      fc.assert(
        fc.property(fc.array(entry, { maxLength: 6 }), fc.constantFrom(...scopes), fc.boolean(), (entries, scope, withHub) => {
          const site = withHub ? hubSite : corpus.site;
          expect(renderFeedXml(format, site, scope, entries)).toBe(renderWhole(format, site, scope, entries));
        }),
        { numRuns: 300 },
      );
    });

    it(`Should equal what feed writes whole (${format}) when the same entry objects recur across documents`, () => {
      const entries = fc.sample(entry, 6);
      for (const scope of scopes) {
        for (const some of [entries, entries.slice(2), [...entries].reverse()]) {
          expect(renderFeedXml(format, corpus.site, scope, some)).toBe(renderWhole(format, corpus.site, scope, some));
        }
      }
    });
  }
});

describe("items written together ahead of time (writeItems)", () => {
  // Each entry's item, and every document the check is given for it, as when it is written alone.
  const written = (format: XmlFeedFormat, entries: readonly FeedEntry[]) => {
    const checked: (string | BodySplit)[] = [];
    const items = entries.map((one) => itemXml(format, one, (document) => void checked.push(typeof document === "string" ? document : { ...document })));
    return { items, checked };
  };
  const copies = (entries: readonly FeedEntry[]) => entries.map((one) => ({ ...one }));

  for (const format of ["rss", "atom"] as const satisfies readonly XmlFeedFormat[]) {
    it(`Should give the items and checked documents (${format}) of entries written alone, for any entries`, () => {
      fc.assert(
        fc.property(fc.array(entry, { maxLength: 8 }), (entries) => {
          const ahead = copies(entries);
          writeItems(ahead);
          expect(written(format, ahead)).toEqual(written(format, copies(entries)));
        }),
        { numRuns: 300 },
      );
    });
  }

  it("Should write a batch's items in one feed document per format, none more when each item is asked for", () => {
    const entries: FeedEntry[] = [1, 2, 3].map((n) => ({
      title: `Title ${n}`,
      url: `https://example.org/articles/${n}`,
      published: new Date(Date.UTC(2024, 0, n)),
      updated: new Date(Date.UTC(2024, 1, n)),
      author: `Author ${n}`,
      tags: [`Tag ${n}`],
      summaryHtml: `Summary ${n}`,
      contentHtml: `<p>Body ${n}</p>`,
    }));
    const rss = vi.spyOn(Feed.prototype, "rss2");
    const atom = vi.spyOn(Feed.prototype, "atom1");
    try {
      writeItems(entries);
      const ahead = [rss.mock.calls.length, atom.mock.calls.length];
      for (const one of entries) for (const format of ["rss", "atom"] as const) itemXml(format, one);
      // Written alone, each entry takes a document per format; written ahead, the batch took one.
      expect(ahead).toEqual([1, 1]);
      expect([rss.mock.calls.length, atom.mock.calls.length]).toEqual([1, 1]);
    } finally {
      rss.mockRestore();
      atom.mockRestore();
    }
  });

  it("Should write an entry given twice once, and leave alone entries whose items are written", () => {
    const [one, two] = copies(fc.sample(entry, 2));
    const first = itemXml("rss", one!);
    writeItems([one!, two!, two!]);
    expect([itemXml("rss", one!), itemXml("rss", two!), itemXml("atom", two!)]).toEqual([first, ...[["rss", two], ["atom", two]].map(([format, e]) => itemXml(format as XmlFeedFormat, { ...(e as FeedEntry) }))]);
  });
});

describe("a JSON Feed assembled from items written once", () => {
  const plain = text.filter((value) => !value.includes("\\"));
  const articles = fc.record({ title: plain, summary: plain, html: plain, author: plain, tags: fc.array(plain, { maxLength: 3 }) });

  it("Should be exactly what JSON.stringify writes for the whole document, for any articles and scope", () => {
    fc.assert(
      fc.property(fc.array(articles, { maxLength: 5 }), fc.constantFrom(...scopes), fc.boolean(), (fields, scope, withHub) => {
        const site = withHub ? hubSite : corpus.site;
        const some = fields.map((f, i) => ({ ...corpus.articles[i % corpus.articles.length]!, ...f }));
        const document = renderJsonFeed(site, { ...scope, articles: some });
        // Plain text writes "<" as \u003c where JSON.stringify would not; the texts here hold no backslash.
        expect(document.replaceAll("\\u003c", "<")).toBe(`${JSON.stringify(JSON.parse(document), null, 2)}\n`);
        expect((JSON.parse(document) as { items: { title: string }[] }).items.map((item) => item.title)).toEqual(some.map((a) => a.title));
      }),
      { numRuns: 300 },
    );
  });

  // The item is written around a mark (U+FFFE) in the body's place, and the body's escape put
  // there: any text, the mark itself included (then the item is written whole), gives the bytes
  // JSON.stringify writes for the whole item, and the escape the build stores is the body's own.
  const hostile = fc.oneof(text, fc.constantFrom("\uFFFE", '"\uFFFE"', "$&$'$`", "\\", '\\"', "\u2028\u2029", "\uD800x", "\uFFFF<"));
  it("Should write an item as JSON.stringify does whole, whatever the body and the other fields hold", () => {
    fc.assert(
      fc.property(fc.record({ title: hostile, summary: hostile, html: hostile, author: hostile, tags: fc.array(hostile, { maxLength: 2 }) }), fc.boolean(), (fields, photo) => {
        const base = corpus.articles[0]!;
        const article = { ...base, ...fields, image: photo ? { url: "https://example.org/a.jpg", width: 3, height: 2, alt: fields.title, sources: [] } : undefined };
        const plain = (value: string) => value.replaceAll("<", "\uFFFF");
        const whole = JSON.stringify(
          {
            id: article.url,
            url: article.url,
            title: plain(article.title),
            content_html: feedBody(article),
            summary: plain(article.summary),
            ...(article.image ? { image: article.image.url } : {}),
            date_published: article.published.toISOString(),
            date_modified: article.updated.toISOString(),
            authors: [{ name: plain(article.author) }],
            tags: article.tags.map(plain),
            language: "en",
          },
          null,
          2,
        );
        const written = writtenJsonItem(article, "en");
        expect(written.item).toBe(whole.replaceAll("\uFFFF", "\\u003c").replaceAll("\n", "\n    "));
        expect(written.escapedBody).toBe(JSON.stringify(feedBody(article)).slice(1, -1));
      }),
      { numRuns: 500 },
    );
  });
});
