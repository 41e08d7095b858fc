import { fileURLToPath } from "node:url";
import { XMLValidator } from "fast-xml-parser";
import { parseFeed as feedsmith } from "feedsmith";
import { beforeAll, describe, expect, it } from "vitest";
import { feedDocumentProblem } from "../../src/build/check-feeds.ts";
import { loadCorpus, type Problem } from "../../src/build/content.ts";
import { renderDocuments } from "../../src/build/documents.ts";
import type { Corpus } from "../../src/model.ts";
import type { RenderedDocument } from "../../src/store/document.ts";
import { validateAmp } from "../support/amp-validator.ts";
import { fragmentProblems, roundTripProblems } from "../support/html-fragments.ts";
import { htmlProblems } from "../support/html-validator.ts";
import { parseWithEveryParser, type FeedFormat } from "../support/parsed-feeds.ts";
import { htmlFindings } from "../support/unsafe-html.ts";

/**
 * test/fixtures/messy: a corpus written the way authors write (text pasted from a word processor
 * with its control characters, tags such as "R&D <lab>", HTML and script in summaries, an
 * embed-only article, right-to-left and CJK text, misnested HTML, task lists, aligned tables,
 * tel: links, hostile markup), built as `npm run content` builds it. Every document it serves
 * must be well-formed, read alike by two parsers, safe, and valid HTML.
 */
const CONTENT = fileURLToPath(new URL("../fixtures/messy", import.meta.url));
const FORMATS: Record<string, FeedFormat> = { "application/rss+xml": "rss", "application/atom+xml": "atom", "application/feed+json": "json" };

let corpus: Corpus;
let documents: Map<string, RenderedDocument>;
const warnings: Problem[] = [];

beforeAll(async () => {
  corpus = await loadCorpus(CONTENT, { warn: (w) => warnings.push(w) });
  documents = renderDocuments(corpus, { icon: "<svg/>" });
});

const feeds = () =>
  [...documents].flatMap(([path, d]) => {
    const format = FORMATS[d.contentType.split(";")[0]!];
    return format ? [{ path, format, body: d.body }] : [];
  });
const pages = () => [...documents].filter(([, d]) => d.contentType.startsWith("text/html")).map(([path, d]) => ({ path, body: d.body }));

describe("the messy corpus", () => {
  it("builds, warning about the body characters it removed and the body that came out empty", () => {
    expect(corpus.articles).toHaveLength(7);
    expect(warnings.map((w) => `${w.file} › ${w.field}`).sort()).toEqual([
      "articles/embed-only.md › body",
      // A remote picture with no size or alt (docs/photos.md).
      "articles/misnested.md › body › /photo.jpg",
      "articles/word-processor.md › body",
    ]);
    expect(feeds().length).toBeGreaterThan(30);
  });

  it("gives 0 feed documents that are not well-formed or break a JSON Feed rule", () => {
    const failing = feeds().flatMap(({ path, format, body }) => {
      const problem = feedDocumentProblem(format, body) ?? (format !== "json" && XMLValidator.validate(body) !== true ? "fast-xml-parser" : undefined);
      return problem ? [`${path}: ${problem}`] : [];
    });
    expect(failing).toEqual([]);
  });

  it("gives documents that two parsers each read without error, with the same titles, ids and links", () => {
    for (const { path, format, body } of feeds()) {
      const parsed = Object.values(parseWithEveryParser(format, body)).map((items) => items.map(({ id, link, title }) => ({ id, link, title })));
      expect(parsed[0], path).toEqual(parsed[1]);
      expect(parsed[0]!.length, path).toBeGreaterThan(0);
    }
  });

  it("publishes every title exactly as written", () => {
    const titles = new Set(corpus.articles.map((a) => a.title));
    for (const { path, format, body } of feeds()) {
      for (const [parser, items] of Object.entries(parseWithEveryParser(format, body))) {
        for (const item of items) expect(titles.has(item.title), `${path} via ${parser}: ${item.title}`).toBe(true);
      }
    }
  });

  // The W3C Feed Validation Service's nonhtml check: an end tag of an element or a character reference in a title.
  it("fires no 'title should not contain HTML' in any RSS or Atom title", () => {
    for (const { path, format, body } of feeds().filter((f) => f.format !== "json")) {
      const parsed = feedsmith(body);
      const feed = parsed.feed as { title?: unknown; items?: { title?: unknown }[]; entries?: { title?: unknown }[] };
      const titles = [feed.title, ...(feed.items ?? feed.entries ?? []).map((i) => i.title)].map((t) => (typeof t === "object" && t !== null ? String((t as { value?: unknown }).value) : String(t)));
      for (const title of titles) {
        // In Atom the titles are type="html": what a reader shows is the text once decoded.
        const text = format === "atom" ? title.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&") : title;
        expect(text, path).not.toMatch(/<\/[a-z][a-z0-9]*\s*>|&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i);
      }
    }
  });

  // "description should not contain script tag", "Invalid HTML", and no handler or javascript:/data: URL in any HTML a feed carries.
  it("carries only valid, inert HTML in every description, summary and content", () => {
    for (const { path, format, body } of feeds()) {
      for (const html of htmlFieldsOf(format, body)) expect(htmlFindings(html), `${path}: ${html.slice(0, 80)}`).toEqual([]);
    }
  });

  // The parse-error check above is silent on content models: a <p> in a <p> parses without error, but comes back elsewhere.
  it("carries HTML that parses back to itself, and article bodies that html-validate finds valid", async () => {
    for (const { path, format, body } of feeds()) {
      for (const html of htmlFieldsOf(format, body)) expect(roundTripProblems(html), `${path}: ${html.slice(0, 80)}`).toEqual([]);
    }
    for (const article of corpus.articles) expect(await fragmentProblems(article.html), article.slug).toEqual([]);
  });

  it("gives every embed-only item its summary as content, never an empty content_html", () => {
    const items = feeds()
      .filter((f) => f.format === "json")
      .flatMap(({ body }) => (JSON.parse(body) as { items: { id: string; content_html: string }[] }).items)
      .filter((i) => i.id.endsWith("/embed-only"));
    expect(items.length).toBeGreaterThan(1);
    for (const item of items) expect(item.content_html).toBe("<p>Watch the &lt;video&gt; &amp; the talk.</p>");
  });

  it("serves pages and AMP pages that html-validate finds valid", async () => {
    const problems = await Promise.all(pages().map(async ({ path, body }) => (await htmlProblems(body, path)).map((p) => `${path} ${p}`)));
    expect(problems.flat()).toEqual([]);
  });

  it("serves AMP pages that the official AMP validator passes", async () => {
    for (const { path, body } of pages().filter((p) => p.path.endsWith("/amp"))) {
      const result = await validateAmp(body);
      expect(result.errors, path).toEqual([]);
    }
  });

  it("keeps direction, language, task-list state, table alignment, tel: and mailto: links, and details", () => {
    const page = (slug: string) => documents.get(`/articles/${slug}`)!.body;
    expect(page("rtl-and-cjk")).toContain('<p dir="rtl" lang="ar">');
    expect(page("rtl-and-cjk")).toContain('<bdo dir="ltr">ltr inside</bdo>');
    expect(page("gfm")).toMatch(/<li>☑ Done<\/li>\s*<li>☐ Not done<\/li>/);
    expect(page("gfm")).toContain('<td class="align-right">c</td>');
    expect(page("gfm")).toContain('<a href="tel:+15550100">+1\u00A0555\u00A00100</a>');
    expect(page("gfm")).toContain('<a href="mailto:desk@example.org">');
    expect(page("gfm")).toMatch(/<details><summary>More<\/summary>\s*Hidden text\.<p>Second paragraph\.<\/p>/);
  });

  it("has at most one <main> on each page (the AMP layout has none), at most one h1, and headings that never skip a level", () => {
    for (const { path, body } of pages()) {
      expect(body.match(/<main\b/g)?.length ?? 0, path).toBeLessThanOrEqual(1);
      const ranks = [...body.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
      expect(ranks.filter((r) => r === 1).length, path).toBeLessThanOrEqual(1);
      ranks.forEach((rank, i) => expect(rank, `${path} heading ${i}`).toBeLessThanOrEqual((ranks[i - 1] ?? 1) + 1));
    }
  });
});

/** The HTML-valued fields of a feed document, decoded by a feed parser: RSS description and content:encoded, Atom summary and content, JSON content_html. */
function htmlFieldsOf(format: FeedFormat, body: string): string[] {
  if (format === "json") return (JSON.parse(body) as { items: { content_html: string }[] }).items.map((i) => i.content_html);
  // feedsmith hands over the fields as the XML holds them; @rowanmanning/feed-parser would decode the HTML to text.
  const parsed = feedsmith(body);
  const value = (field: unknown) => (typeof field === "object" && field !== null ? String((field as { value?: unknown }).value ?? "") : String(field ?? ""));
  if (parsed.format === "rss") return (parsed.feed.items ?? []).flatMap((i) => [i.description, i.content?.encoded]).map(value).filter(Boolean);
  if (parsed.format === "atom") return (parsed.feed.entries ?? []).flatMap((e) => [e.summary, e.content]).map(value).filter(Boolean);
  throw new Error(`not RSS or Atom: ${parsed.format}`);
}
