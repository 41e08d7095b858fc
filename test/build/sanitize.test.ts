import { describe, expect, it } from "vitest";
import { renderDocuments } from "../../src/build/documents.ts";
import type { RenderedDocument } from "../../src/store/document.ts";
import { PATHS } from "../../src/paths.ts";
import { fixtureCorpus, frontMatter } from "../support/corpus.ts";
import { parseWithEveryParser, type FeedFormat } from "../support/parsed-feeds.ts";

/**
 * Raw HTML an author (or a pasted embed) may put in Markdown. Each hostile construct carries a
 * marker that can only reach an output if the construct itself did.
 */
const HOSTILE_BODY = `
Kept paragraph before the attacks, with a [safe link](https://example.org/ok).

<script>window.MARK_SCRIPT = 1</script>
<iframe src="https://evil.example/MARK_IFRAME"></iframe>
<p onclick="MARK_ONCLICK()" onmouseover="MARK_ONMOUSEOVER()">Kept paragraph with handlers.</p>
<img src="https://news.example.org/photo.jpg" width="1200" height="800" onerror="MARK_ONERROR()" alt="Kept photo">
<a href="javascript:MARK_JS_URL()">js link</a>
<a href="JaVaScRiPt:MARK_JS_MIXED_CASE()">js link</a>
<a href="&#106;avascript:MARK_JS_ENTITY()">js link</a>
<a href="java&#x09;script:MARK_JS_TAB()">js link</a>
<a href=" javascript:MARK_JS_SPACE()">js link</a>
<a href="data:text/html,MARK_DATA_HREF">data link</a>
<img src="data:image/svg+xml,MARK_DATA_IMG" alt="data image">
<img src="https://news.example.org/x.jpg" srcset="https://evil.example/MARK_SRCSET 2x" alt="srcset">
<a href="//cdn.example.org/protocol-relative">protocol-relative link</a>
<p style="background:url(https://evil.example/MARK_STYLE_ATTR)">Kept styled paragraph.</p>
<style>body { background: url(https://evil.example/MARK_STYLE_TAG) }</style>
<svg><script>MARK_SVG_SCRIPT</script><a href="javascript:MARK_SVG_LINK()">svg</a></svg>
<math><mtext><a href="javascript:MARK_MATH()">math</a></mtext></math>
<object data="https://evil.example/MARK_OBJECT"></object>
<embed src="https://evil.example/MARK_EMBED">
<form action="https://evil.example/MARK_FORM"><input name="MARK_INPUT"></form>
<base href="https://evil.example/MARK_BASE">
<meta http-equiv="refresh" content="0;url=https://evil.example/MARK_META">
<link rel="stylesheet" href="https://evil.example/MARK_LINK">
<noscript><img src="https://news.example.org/x.png" onerror="MARK_NOSCRIPT()"></noscript>
<template><script>MARK_TEMPLATE</script></template>
<textarea>MARK_TEXTAREA</textarea>
<div><img src=https://news.example.org/x.png onerror=MARK_UNQUOTED()></div>
<a href="https://example.org/" target="_blank" rel="opener" onfocus="MARK_ONFOCUS()">Kept link</a>

[markdown js link](javascript:MARK_MD_JS_URL)

![markdown data image](data:image/png;base64,MARK_MD_DATA_IMG)

Kept paragraph after the attacks.
`;

const SLUG = "hostile-html";

function hostileResources(): Map<string, RenderedDocument> {
  const corpus = fixtureCorpus([{ frontMatter: frontMatter(1, { slug: SLUG, title: "Hostile HTML" }), body: HOSTILE_BODY }]);
  return renderDocuments(corpus, { icon: "<svg/>" });
}

/** Every document the build writes for this corpus: pages, AMP page, feeds, topic feeds, index. */
function everyDocument(resources: Map<string, RenderedDocument>): [string, string][] {
  return [...resources].map(([path, resource]) => [path, resource.body]);
}

const FEED_FORMATS: Record<string, FeedFormat> = {
  "application/rss+xml": "rss",
  "application/atom+xml": "atom",
  "application/feed+json": "json",
};

/** The body as each output carries it: the pages' <article>, every feed's item content as each parser reads it. */
function bodiesAsRendered(resources: Map<string, RenderedDocument>): [string, string][] {
  const articleOf = (path: string) => /<article>([\s\S]*)<\/article>/.exec(resources.get(path)!.body)![1]!;
  const feeds = [...resources].flatMap(([path, { contentType, body }]) => {
    const format = FEED_FORMATS[contentType.split(";")[0]!];
    return format ? [{ path, format, body }] : [];
  });
  return [
    ["page <article>", articleOf(PATHS.article(SLUG))],
    ["AMP page <article>", articleOf(PATHS.articleAmp(SLUG))],
    ...feeds.flatMap(({ path, format, body }) =>
      Object.entries(parseWithEveryParser(format, body)).map(
        ([parser, items]) => [`${path} via ${parser}`, items[0]!.content] as [string, string],
      ),
    ),
  ];
}

const MARKERS = [...new Set(HOSTILE_BODY.match(/MARK_[A-Z_]+/g))];

describe("raw HTML in Markdown", () => {
  const resources = hostileResources();

  it("is checked in every output that shows an article's body: page, AMP page, feeds and topic feeds", () => {
    const showingTheBody = everyDocument(resources)
      .filter(([, body]) => body.includes("Kept paragraph with handlers."))
      .map(([path]) => path);
    expect(showingTheBody).toEqual(expect.arrayContaining([PATHS.article(SLUG), PATHS.articleAmp(SLUG), PATHS.feed.rss, PATHS.feed.atom, PATHS.feed.json]));
    expect(showingTheBody.filter((path) => path.startsWith("/tags/")).length).toBeGreaterThanOrEqual(3);
    expect(MARKERS.length).toBeGreaterThan(30);
  });

  it.each(everyDocument(hostileResources()))("leaves no trace of any attack in %s", (_, document) => {
    for (const marker of MARKERS) expect(document, marker).not.toContain(marker);
  });

  it.each(bodiesAsRendered(hostileResources()))(
    "keeps no script, frame, plugin, form, style, handler, javascript: or data: URL in the %s",
    (_, body) => {
      expect(body).not.toMatch(/<\s*(script|iframe|object|embed|form|input|style|base|meta|link|svg|math|noscript|template|textarea)\b/i);
      expect(body).not.toMatch(/\son[a-z]+\s*=/i);
      expect(body).not.toMatch(/\sstyle\s*=/i);
      expect(body).not.toMatch(/\s(?:target|srcset)\s*=/i);
      expect(body).not.toMatch(/javascript:|data:/i);
      expect(body).not.toMatch(/(?:href|src)="\/\//);
    },
  );

  it.each(bodiesAsRendered(hostileResources()))("keeps the harmless content around the attacks in the %s", (_, body) => {
    for (const kept of ["Kept paragraph before the attacks", "Kept paragraph with handlers.", "Kept styled paragraph.", "Kept link", "Kept paragraph after the attacks."]) {
      expect(body).toContain(kept);
    }
    expect(body).toContain('href="https://example.org/ok"');
    // Resolved against the article's https URL like every relative URL, so never a bare //host.
    expect(body).toContain('href="https://cdn.example.org/protocol-relative"');
    expect(body).toMatch(/<(?:amp-)?img src="https:\/\/news\.example\.org\/photo\.jpg"[^>]* alt="Kept photo"/);
  });
});
