import { describe, expect, it } from "vitest";
import { toAmpHtml } from "../../src/render/amp-transform.ts";
import { elementsIn } from "../support/elements.ts";

// These inputs go straight into the converter, without the Markdown sanitizer in front of it:
// the AMP conversion must be safe on its own.

describe("the AMP conversion of an article body", () => {
  it("drops scripts, styles, embeds, forms and navigation together with everything inside them", () => {
    const out = toAmpHtml(`<p>Before.</p>
<script>alert("script")</script>
<style>p{color:red}</style>
<iframe src="https://evil.example/frame">iframe fallback</iframe>
<object data="https://evil.example/x.swf"><param name="a" value="b">object fallback</object>
<embed src="https://evil.example/x.swf">
<form action="https://evil.example/steal"><label>form label <input name="password"></label><button>Send</button></form>
<nav><a href="https://example.com/">nav link</a></nav>
<noscript><img src="https://evil.example/pixel.gif" width="1" height="1"></noscript>
<template><p>template text</p></template>
<svg><script>alert("svg")</script></svg>
<p>After.</p>`);
    const names = elementsIn(out).map((e) => e.name);
    expect(names).toEqual(["p", "p"]);
    expect(out).toContain("Before.");
    expect(out).toContain("After.");
    for (const gone of ["alert", "color:red", "fallback", "form label", "Send", "nav link", "template text", "pixel"]) {
      expect(out).not.toContain(gone);
    }
  });

  it("removes event handlers and style attributes and keeps the text", () => {
    const out = toAmpHtml(`<p onclick="steal()" style="color:red" onmouseover='x()'>Kept <em style="font-size:9em" onfocus="y()">too</em></p>`);
    expect(out).toBe("<p>Kept <em>too</em></p>");
  });

  it.each([
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java&#x09;script:alert(1)",
    "javascript&colon;alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
  ])("keeps the text of a link to %s but not the URL", (href) => {
    const out = toAmpHtml(`<p><a href="${href}">click me</a></p>`);
    expect(elementsIn(out).find((e) => e.name === "a")?.attribs).toEqual({});
    expect(out).toContain("click me");
  });

  it("keeps an ordinary link", () => {
    expect(toAmpHtml(`<a href="https://example.com/a?b=1&amp;c=2" title="T">x</a>`)).toBe(
      `<a href="https://example.com/a?b=1&amp;c=2" title="T">x</a>`,
    );
  });

  it("turns an image with a source and pixel dimensions into a responsive amp-img with its alt", () => {
    const out = toAmpHtml(`<figure><img src="https://example.com/a.jpg" alt="A harbour" width="1200" height="800" title="t" onerror="x()"><figcaption>Cap</figcaption></figure>`);
    expect(elementsIn(out)).toEqual([
      { name: "figure", attribs: {} },
      {
        name: "amp-img",
        attribs: { src: "https://example.com/a.jpg", width: "1200", height: "800", layout: "responsive", alt: "A harbour" },
      },
      { name: "figcaption", attribs: {} },
    ]);
    expect(out).toContain("</amp-img>");
  });

  it.each([
    ["no dimensions", `<img src="https://example.com/a.jpg" alt="A">`],
    ["a width only", `<img src="https://example.com/a.jpg" width="100">`],
    ["a percentage width", `<img src="https://example.com/a.jpg" width="100%" height="50">`],
    ["a zero height", `<img src="https://example.com/a.jpg" width="100" height="0">`],
    ["a negative width", `<img src="https://example.com/a.jpg" width="-100" height="50">`],
    ["no source", `<img alt="A" width="100" height="50">`],
    ["an empty source", `<img src="" width="100" height="50">`],
    ["a javascript: source", `<img src="javascript:alert(1)" width="100" height="50">`],
    ["a relative source", `<img src="/a.jpg" width="100" height="50">`],
    ["an amp-img with no dimensions", `<amp-img src="https://example.com/a.jpg" layout="fill"></amp-img>`],
  ])("drops an image with %s and keeps the caption of its figure", (_, img) => {
    const out = toAmpHtml(`<figure>${img}<figcaption>The caption. <span class="credit">Photo: Someone</span></figcaption></figure>`);
    expect(elementsIn(out).map((e) => e.name)).toEqual(["figure", "figcaption", "span"]);
    expect(out).toContain("The caption. <span class=\"credit\">Photo: Someone</span>");
  });

  it("converts an image inside <picture> and drops the picture's sources", () => {
    const out = toAmpHtml(`<picture><source srcset="https://example.com/a.webp"><img src="https://example.com/a.jpg" width="4" height="3" alt=""></picture>`);
    expect(elementsIn(out).map((e) => e.name)).toEqual(["amp-img"]);
  });

  it("keeps subheadings, captions with credits, times, lists, quotes and tables", () => {
    const body = `<h2>Sub</h2><h3>Subsub</h3><p>Said <q cite="https://example.com/q">this</q> on <time datetime="2021-02-05T00:00:00Z">Feb. 5</time>.</p>
<blockquote><p>Quoted</p></blockquote><ul><li>one</li></ul><ol start="3"><li>three</li></ol>
<table><thead><tr><th scope="col">H</th></tr></thead><tbody><tr><td colspan="2">D</td></tr></tbody></table>
<pre><code class="language-ts">let x = 1 &lt; 2;</code></pre>
<figure><figcaption>Cap <span class="credit">Yonhap</span></figcaption></figure>`;
    expect(toAmpHtml(body)).toBe(body);
  });

  it("writes void elements without an end tag, which HTML forbids for them (<wbr>, <col>, <br>, <hr>)", () => {
    const body = `<p>long<wbr>word<br>next</p><hr><table><colgroup><col span="2"></colgroup><tbody><tr><td>x</td></tr></tbody></table>`;
    // Both ways the conversion goes: the walk over the normaliser's form, and sanitize-html (an attribute in single quotes takes that path).
    for (const html of [body, body.replace('span="2"', "span='2'")]) {
      const out = toAmpHtml(html);
      expect(out).not.toMatch(/<\/(wbr|col|br|hr)>/);
      expect(out).toBe(`<p>long<wbr />word<br />next</p><hr /><table><colgroup><col /></colgroup><tbody><tr><td>x</td></tr></tbody></table>`);
    }
  });

  it("makes a stray <h1> a subheading: the headline is the page's only h1", () => {
    expect(toAmpHtml("<h1 class=x>Title</h1>")).toBe("<h2>Title</h2>");
  });

  it("keeps only the classes the stylesheet knows", () => {
    expect(toAmpHtml(`<span class="credit i-amphtml-evil">C</span><code class="language-js amp-x">c</code><p class="lead">p</p>`)).toBe(
      `<span class="credit">C</span><code class="language-js">c</code><p>p</p>`,
    );
  });

  it("drops AMP components an author might write and keeps their text only", () => {
    const out = toAmpHtml(`<amp-iframe src="https://evil.example" width="1" height="1" layout="fixed">frame text</amp-iframe><amp-script src="https://evil.example/s.js"><p>s</p></amp-script>`);
    expect(elementsIn(out).map((e) => e.name)).toEqual(["p"]);
  });

  it("drops comments, conditional comments and CDATA", () => {
    const out = toAmpHtml(`<p>a<!-- secret --><!--[if IE]><script>x()</script><![endif]--><![CDATA[ y ]]>b</p>`);
    expect(out).not.toMatch(/secret|script|CDATA/);
    expect(out.startsWith("<p>a")).toBe(true);
  });
});
