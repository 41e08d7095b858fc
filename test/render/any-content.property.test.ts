import fc from "fast-check";
import { XMLValidator } from "fast-xml-parser";
import { SaxesParser } from "saxes";
import { describe, expect, it } from "vitest";
import { feedDocumentProblem } from "../../src/build/check-feeds.ts";
import { buildCorpus, ContentError, type SourceFile } from "../../src/build/content.ts";
import { allFeeds } from "../../src/build/documents.ts";
import type { Corpus } from "../../src/model.ts";
import { renderAtom } from "../../src/render/atom.ts";
import { feedDocuments } from "../../src/render/feed-scope.ts";
import { renderJsonFeed } from "../../src/render/json-feed.ts";
import { renderRss } from "../../src/render/rss.ts";
import { articleFile, FIXTURE_SITE } from "../support/corpus.ts";
import { parseWithEveryParser, type FeedFormat } from "../support/parsed-feeds.ts";
import { foldWhitespace } from "../support/text.ts";
import { htmlFindings } from "../support/unsafe-html.ts";

/**
 * Whatever an author writes, every build either refuses the article naming its file, or publishes
 * feeds that are well-formed, read alike by two parsers, and inert, their HTML free of parse errors. Articles are generated with
 * arbitrary Unicode in every field (lone surrogates, controls and noncharacters included) mixed
 * with the fragments that broke feeds before: control characters raw and as references, `]]>`,
 * markup in titles and tags, script and javascript:/data: URLs in summaries and bodies.
 */
const BATCHES = 100;
const ARTICLES_PER_BATCH = 20;

const DANGEROUS = [
  "\b", "\0", "\u001B", "\f", "\u000B", "\u0085", "\u0092", "\u007F", "\uFFFF", "\uFFFE", "\uFDD0", "\uD800", "\uDC00", "\u{1FFFE}",
  "&#8;", "&#x1B;", "&#xFFFF;", "&#146;", "&#0;", "&#xD800;", "&amp;", "&lt;", "&copy", "&", "<", ">", '"', "'",
  "]]>", "<![CDATA[", "<!--", "-->", "</title>", "</b>", "<b>", "</i>", "R&D <lab>", "</dc:creator>", "<dc:x>",
  "<script>alert(1)</script>", "javascript:alert(1)", "data:text/html,x", '<a href="javascript:alert(1)">x</a>',
  '<a href="java&#x09;script:x">t</a>', "<img src=x onerror=alert(1)>", '<img src="data:image/png,x">', "<iframe src=//evil.example></iframe>",
  "<svg><script>x</script></svg>", "<math><mi>x</mi></math>", "<style>*{}</style>", '<p onclick="x()">p</p>', "<form><input></form>",
  "<p><p>", "<td>cell</td>", "<li>item</li>", "<main>", "</main>", "<nav>n</nav>", "<h1>h</h1>", "<em><p>x</p></em>", "<a href=/a><a href=/b>n</a></a>",
  "<details><summary>s</summary>d</details>", '<p dir="rtl" lang="ar">مرحبا</p>', "<bdo>b</bdo>", '<img src="/x.jpg" width="100%">',
  "\n\n", "# heading\n", "- [x] done\n", "| a |\n|:-:|\n| b |\n", "[l](javascript:x)", "![i](data:x)", "[t](tel:+1 555)", "`code <b>`",
  "\u2028", "\u202E", "\u00A0", "\u200B", "漢字", "한국어", "مرحبا", "😀", "e\u0301",
];

// Front-matter fields get fewer dangerous fragments than bodies: one refused field refuses the whole
// article, and most generated articles must still reach the renderers.
const fragment = (dangerous: number) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 4 }) },
    { weight: dangerous, arbitrary: fc.constantFrom(...DANGEROUS) },
  );
const text = (maxLength: number, dangerous = 1) => fc.array(fragment(dangerous), { minLength: 1, maxLength }).map((parts) => parts.join(""));

interface Generated {
  title: string;
  summary: string;
  author: string | undefined;
  tags: string[];
  body: string;
}

const article: fc.Arbitrary<Generated> = fc.record({
  title: text(4),
  summary: text(5),
  author: fc.option(text(3), { nil: undefined }),
  tags: fc.array(text(2), { maxLength: 3 }),
  body: text(12, 6),
});

const RENDER: Record<FeedFormat, typeof renderRss> = { rss: renderRss, atom: renderAtom, json: renderJsonFeed };

function files(batch: readonly Generated[]): SourceFile[] {
  return batch.map((a, i) =>
    articleFile(
      {
        file: `articles/a-${i}.md`,
        frontMatter: { title: a.title, slug: `a-${i}`, published: `2024-01-${String(i + 1).padStart(2, "0")}T08:00:00Z`, summary: a.summary, author: a.author, tags: a.tags },
        body: a.body,
      },
      i,
    ),
  );
}

/** Builds the files; the refused ones must each be named, and the rest must then build. */
function buildNamingRefusals(all: SourceFile[]): Corpus | undefined {
  let sources = all;
  for (;;) {
    try {
      return sources.length === 0 ? undefined : buildCorpus(FIXTURE_SITE, sources);
    } catch (error) {
      if (!(error instanceof ContentError)) throw error;
      const named = new Set(error.problems.map((p) => p.file));
      expect(named.size, error.message).toBeGreaterThan(0);
      for (const file of named) expect(sources.map((s) => s.path), error.message).toContain(file);
      sources = sources.filter((s) => !named.has(s.path));
    }
  }
}

/** The site's feed and the first topic's (a channel titled after a generated tag), in every format. */
function feedDocumentsOf(corpus: Corpus): { format: FeedFormat; body: string }[] {
  return allFeeds(corpus)
    .slice(0, 2)
    .flatMap((feed) => feedDocuments(feed, corpus.site.feedItems))
    .flatMap((scope) => (Object.keys(RENDER) as FeedFormat[]).map((format) => ({ format, body: RENDER[format](corpus.site, scope) })));
}

/** `seenHtml`: HTML already found inert in this batch (an article's body is in every format of every feed). */
function checkDocument(format: FeedFormat, body: string, corpus: Corpus, seenHtml: Set<string>): void {
  expect(feedDocumentProblem(format, body), body).toBeUndefined();
  if (format !== "json") {
    expect(XMLValidator.validate(body), body).toBe(true);
    expect(xmlElementNames(body)).not.toContain("script");
  }
  const byParser = Object.entries(parseWithEveryParser(format, body)).map(([parser, items]) => ({
    parser,
    items: items.map(({ id, link, title }) => ({ id, link, title: foldWhitespace(title) })),
  }));
  expect(byParser[0]!.items, `${byParser[0]!.parser} vs ${byParser[1]!.parser}\n${body}`).toEqual(byParser[1]!.items);
  const titles = new Set(corpus.articles.map((a) => foldWhitespace(a.title)));
  for (const item of byParser[0]!.items) expect(titles, body).toContain(item.title);
  for (const html of htmlFields(format, body)) {
    if (seenHtml.has(html)) continue;
    seenHtml.add(html);
    expect(htmlFindings(html), html).toEqual([]);
  }
}

function xmlElementNames(document: string): string[] {
  const names: string[] = [];
  const parser = new SaxesParser();
  parser.on("opentag", (tag) => names.push(tag.name.toLowerCase()));
  parser.write(document).close();
  return names;
}

/** Every HTML-valued field as the XML or JSON holds it. */
function htmlFields(format: FeedFormat, body: string): string[] {
  if (format === "json") return (JSON.parse(body) as { items: { content_html: string }[] }).items.map((i) => i.content_html);
  const fields: string[] = [];
  const html = format === "rss" ? ["description", "content:encoded"] : ["summary", "content"];
  const parser = new SaxesParser();
  let capturing = false;
  parser.on("opentag", (tag) => {
    capturing = html.includes(tag.name);
    if (capturing) fields.push("");
  });
  parser.on("closetag", () => (capturing = false));
  const append = (t: string) => {
    if (capturing) fields[fields.length - 1] += t;
  };
  parser.on("text", append);
  parser.on("cdata", append);
  parser.write(body).close();
  return fields;
}

describe("any content an author writes", () => {
  it(`is refused naming the file, or gives valid, identically parsed, inert feeds (${BATCHES * ARTICLES_PER_BATCH} generated articles)`, () => {
    let published = 0;
    fc.assert(
      fc.property(fc.array(article, { minLength: ARTICLES_PER_BATCH, maxLength: ARTICLES_PER_BATCH }), (batch) => {
        const corpus = buildNamingRefusals(files(batch));
        if (!corpus) return;
        published += corpus.articles.length;
        const seenHtml = new Set<string>();
        for (const { format, body } of feedDocumentsOf(corpus)) checkDocument(format, body, corpus, seenHtml);
      }),
      { numRuns: BATCHES },
    );
    // Most generated articles must be published, or the property would say little about rendering.
    expect(published).toBeGreaterThan((BATCHES * ARTICLES_PER_BATCH) / 3);
    console.log(`${published} of ${BATCHES * ARTICLES_PER_BATCH} generated articles published, the rest refused naming their files`);
  }, 120_000);
});
