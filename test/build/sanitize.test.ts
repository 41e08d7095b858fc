import { describe, expect, it } from "vitest";
import { buildResources } from "../../src/build/resources.ts";
import type { Resource } from "../../src/http/resource.ts";
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
<noscript><img src="x" onerror="MARK_NOSCRIPT()"></noscript>
<template><script>MARK_TEMPLATE</script></template>
<textarea>MARK_TEXTAREA</textarea>
<div><img src=x onerror=MARK_UNQUOTED()></div>
<a href="https://example.org/" target="_blank" rel="opener" onfocus="MARK_ONFOCUS()">Kept link</a>

[markdown js link](javascript:MARK_MD_JS_URL)

![markdown data image](data:image/png;base64,MARK_MD_DATA_IMG)

Kept paragraph after the attacks.
`;

const SLUG = "hostile-html";

function hostileResources(): Map<string, Resource> {
  const corpus = fixtureCorpus([{ frontMatter: frontMatter(1, { slug: SLUG, title: "Hostile HTML" }), body: HOSTILE_BODY }]);
  return buildResources(corpus, { icon: "<svg/>" });
}

const OUTPUTS_WITH_THE_BODY = [PATHS.article(SLUG), PATHS.articleAmp(SLUG), PATHS.rss, PATHS.atom, PATHS.jsonFeed];

/** Every document that shows the article's body. */
function documentsShowingTheBody(resources: Map<string, Resource>): [string, string][] {
  return OUTPUTS_WITH_THE_BODY.map((path) => [path, resources.get(path)?.body ?? ""]);
}

/** The body as each output carries it: the pages' <article>, each feed's item content as parsers read it. */
function bodiesAsRendered(resources: Map<string, Resource>): [string, string][] {
  const articleOf = (path: string) => /<article>([\s\S]*)<\/article>/.exec(resources.get(path)!.body)![1]!;
  const feeds: [FeedFormat, string][] = [["rss", PATHS.rss], ["atom", PATHS.atom], ["json", PATHS.jsonFeed]];
  return [
    ["page <article>", articleOf(PATHS.article(SLUG))],
    ["AMP page <article>", articleOf(PATHS.articleAmp(SLUG))],
    ...feeds.flatMap(([format, path]) =>
      Object.entries(parseWithEveryParser(format, resources.get(path)!.body)).map(
        ([parser, items]) => [`${format} via ${parser}`, items[0]!.content] as [string, string],
      ),
    ),
  ];
}

const MARKERS = [...new Set(HOSTILE_BODY.match(/MARK_[A-Z_]+/g))];

describe("raw HTML in Markdown", () => {
  const resources = hostileResources();

  it("is checked in every output that shows an article's body: page, AMP page, RSS, Atom, JSON Feed", () => {
    for (const path of OUTPUTS_WITH_THE_BODY) expect(resources.get(path)?.body, path).toContain("Kept paragraph with handlers.");
    expect(MARKERS.length).toBeGreaterThan(30);
  });

  it.each(documentsShowingTheBody(hostileResources()))("leaves no trace of any attack in %s", (_, document) => {
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
