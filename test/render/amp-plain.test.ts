import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sanitizeBody } from "../../src/build/sanitize.ts";
import type { Photo } from "../../src/model.ts";
import { parsedAmpHtml, plainAmpHtml, toAmpHtml } from "../../src/render/amp-transform.ts";

/**
 * The AMP conversion reads an article body (the normaliser's output) without parsing it again:
 * whatever it takes, it writes the bytes sanitize-html writes for the same markup, over bodies
 * the normaliser wrote from random author HTML, and over markup in the same form that the
 * normaliser would never write (hostile URLs, any class, empty values, odd srcsets).
 */
const BASE = "https://news.example.org/articles/a";
const photo = (src: string): Photo | undefined =>
  src.includes("local")
    ? {
        url: "https://news.example.org/media/p-1600.jpg",
        width: 1600,
        height: 900,
        alt: "A harbour",
        type: "image/jpeg",
        sources: [
          {
            type: "image/jpeg",
            renditions: [
              { url: "https://news.example.org/media/p-480.jpg", width: 480, height: 270, byteLength: 1 },
              { url: "https://news.example.org/media/p-1600.jpg", width: 1600, height: 900, byteLength: 2 },
            ],
          },
        ],
      }
    : undefined;

const TAGS = (
  "p div a em strong span code pre ul ol li dl dt dd table caption tr td th thead tbody tfoot colgroup col blockquote h1 h2 h3 " +
  "section details summary figure figcaption img br wbr hr ins del q small sub time data abbr bdo ruby rt rp font"
).split(" ");
const ATTRIBUTES = fc.constantFrom(
  "",
  ' href="https://e.example/a?b=1&amp;c=2"',
  ' href="/relative" title="T"',
  ' href="tel:+1 555"',
  ' src="https://e.example/p.png" alt="p" width="40" height="30"',
  ' src="https://e.example/decorative.png" alt="" width="4" height="3"',
  ' src="/local.jpg" alt="local"',
  ' src="https://e.example/q.png"',
  ' class="credit"',
  ' class="language-ts"',
  ' align="right"',
  ' cite="https://e.example/c" datetime="2024-01-02"',
  ' start="3" reversed type="a"',
  ' value="7"',
  ' open',
  ' lang="ko" dir="rtl"',
  ' colspan="2" scope="row"',
  ' span="2"',
);
const word = fc.constantFrom("one", " ", "two &amp; three", "&lt;b&gt;", '"q"', "\n", "x\n  ", "é", "&#39;");
const { tree } = fc.letrec((self) => ({
  tree: fc.oneof({ weight: 2, arbitrary: word }, { weight: 3, arbitrary: self("element") }),
  element: fc
    .record({ tag: fc.constantFrom(...TAGS), attributes: ATTRIBUTES, children: fc.array(self("tree"), { maxLength: 3 }) })
    .map(({ tag, attributes, children }) => `<${tag}${attributes}>${(children as string[]).join("")}</${tag}>`),
}));
const authorHtml = fc.array(tree as fc.Arbitrary<string>, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(""));

/** Markup in the normaliser's form (closed in order, double quotes, the four references) that it would not write. */
const VALUE = fc.constantFrom("", "x", "credit", "credit lead", "language-js amp-x", "align-left", "https://e.example/", "HTTPS://E.example/", "javascript:alert(1)", "java\tscript:x", "/rel", "//e.example/x", "mailto:a@e.example", "&quot;&amp;&lt;&gt;", "https://e.example/a.jpg 640w, https://e.example/b.jpg 1280w", "https://e.example/a.jpg 0640w", "https://e.example/a.jpg 2x", "10", "0", "100%");
const NAME = fc.constantFrom("href", "src", "cite", "class", "title", "alt", "width", "height", "srcset", "lang", "dir", "start", "reversed", "value", "scope", "colspan", "layout", "style", "onclick");
const { plain } = fc.letrec((self) => ({
  plain: fc.oneof({ weight: 2, arbitrary: word }, { weight: 3, arbitrary: self("element") }),
  element: fc
    .record({ tag: fc.constantFrom(...TAGS, "amp-img", "script", "nav"), attributes: fc.array(fc.tuple(NAME, VALUE), { maxLength: 4 }), children: fc.array(self("plain"), { maxLength: 3 }) })
    .map(({ tag, attributes, children }) => {
      const written = attributes.map(([name, value]) => ` ${name}="${value}"`).join("");
      return ["img", "br", "wbr", "hr", "col"].includes(tag) ? `<${tag}${written}>` : `<${tag}${written}>${(children as string[]).join("")}</${tag}>`;
    }),
}));
const plainMarkup = fc.array(plain as fc.Arbitrary<string>, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(""));

describe("the AMP conversion of a body in the normaliser's form", () => {
  it("writes what sanitize-html writes, over bodies the normaliser wrote from random author HTML", () => {
    let taken = 0;
    fc.assert(
      fc.property(authorHtml, (html) => {
        const body = sanitizeBody(html, BASE, (img) => photo(img.src)).html;
        const quick = plainAmpHtml(body);
        if (quick !== undefined) taken++;
        expect(quick ?? parsedAmpHtml(body), body).toBe(parsedAmpHtml(body));
      }),
      { numRuns: Number(process.env.RUNS ?? 1000) },
    );
    // Bodies the normaliser writes are what the quick path is for: nearly all of them are taken.
    expect(taken).toBeGreaterThan(900);
  });

  it("writes what sanitize-html writes whenever it takes markup of that form that the normaliser would not write", () => {
    let taken = 0;
    fc.assert(
      fc.property(plainMarkup, (html) => {
        const quick = plainAmpHtml(html);
        if (quick === undefined) return;
        taken++;
        expect(quick, html).toBe(parsedAmpHtml(html));
      }),
      { numRuns: Number(process.env.RUNS ?? 3000) },
    );
    expect(taken).toBeGreaterThan(100);
  });

  it.each([
    ["a javascript: link", '<p><a href="javascript:alert(1)">x</a></p>'],
    ["a link hidden behind a tab", '<p><a href="java\tscript:alert(1)">x</a></p>'],
    ["an element htmlparser2 closes implicitly", "<p>a<p>b</p></p>"],
    ["a raw >", "<p>a > b</p>"],
    ["a quote written as a reference in text", "<p>&quot;</p>"],
    ["an end tag out of order", "<p><em>a</p></em>"],
    ["an attribute in single quotes", "<p lang='en'>a</p>"],
    ["a comment", "<p>a<!-- b --></p>"],
  ])("leaves %s to sanitize-html", (_, html) => {
    expect(plainAmpHtml(html)).toBeUndefined();
    expect(toAmpHtml(html)).toBe(parsedAmpHtml(html));
  });

  it("takes the body of a typical article: figure, credit, code, list, table, photo", () => {
    const body = sanitizeBody(
      `<figure><img src="/local.jpg" alt="x"><figcaption>Cap <span class="credit">Agency</span></figcaption></figure>\n<p>Text &amp; <a href="https://e.example/">link</a>.</p>\n<pre><code class="language-ts">a &lt; b</code></pre>\n<ol start="2"><li>one</li></ol>\n<table><thead><tr><th align="left">h</th></tr></thead><tbody><tr><td>d</td></tr></tbody></table>`,
      BASE,
      (img) => photo(img.src),
    ).html;
    expect(plainAmpHtml(body)).toBe(parsedAmpHtml(body));
    expect(plainAmpHtml(body)).toContain("<amp-img ");
  });
});
