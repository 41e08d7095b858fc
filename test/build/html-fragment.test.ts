import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { Marked } from "marked";
import { defaultTreeAdapter, html as spec, parseFragment, type DefaultTreeAdapterTypes as Dom } from "parse5";
import { describe, expect, it } from "vitest";
import { parseBodyFragment, plainFragment } from "../../src/build/html-fragment.ts";

/**
 * The plain reader either declines or builds exactly the tree parse5 builds: compared node by
 * node (names, namespaces, attributes in order, text) over random markup written to hit its
 * rules (end tags left out or out of order, blocks in paragraphs, items in items, headings in
 * headings, references of every kind, newlines after <pre>), and over Markdown as the build
 * renders it.
 */
const BODY = defaultTreeAdapter.createElement("body", spec.NS.HTML, []);
const parse5Tree = (html: string) => dump(parseFragment(BODY, html, {}).childNodes);

function dump(nodes: readonly Dom.ChildNode[]): unknown[] {
  return nodes.map((node) => {
    if (node.nodeName === "#text") return (node as Dom.TextNode).value;
    if (!("tagName" in node)) return [node.nodeName];
    return [node.tagName, node.namespaceURI, node.attrs.map((a) => ({ ...a })), dump(node.childNodes)];
  });
}

const TAGS = (
  "p div a em strong b i u s small code span q sub sup del ins abbr time mark pre ul ol li dl dt dd blockquote h1 h2 h3 h6 " +
  "section aside header footer nav main article details summary figure figcaption center hr br img wbr " +
  "table thead tbody tfoot tr td th caption font nobr ruby rt label input svg textarea search"
).split(" ");
const VOID = new Set(["hr", "br", "img", "wbr", "input"]);
const attribute = fc.constantFrom(
  "",
  ' href="https://e.example/?a=1&amp;b=2"',
  " class='x y'",
  " title=plain",
  " lang=en dir=rtl",
  ' HREF="u" href="v"',
  ' alt="&eacute;&notin;&#233;&#x1F600;&#128;&#0;"',
  ' title="a&b"',
  ' title="&copy=1"',
  " checked",
  ' data-x="&amp"',
);
const word = fc.constantFrom("one", " ", "two three", "&amp;", "&lt;b&gt;", "&nbsp;", "&eacute;", "&#39;", "&#x2014;", "&#150;", "&#12;", "&not", "&notit;", "AT&T", "& more", "\n", "a\r\nb", "x > y", "a < b", "&#10;");
const { tree } = fc.letrec((self) => ({
  tree: fc.oneof({ weight: 2, arbitrary: word }, { weight: 3, arbitrary: self("element") }),
  element: fc
    .record({
      tag: fc.constantFrom(...TAGS),
      upper: fc.boolean(),
      attributes: attribute,
      children: fc.array(self("tree"), { maxLength: 3 }),
      closed: fc.constantFrom(true, true, true, false),
      newline: fc.boolean(),
      selfClosing: fc.constantFrom(false, false, false, true),
    })
    .map(({ tag, upper, attributes, children, closed, newline, selfClosing }) => {
      const name = upper ? tag.toUpperCase() : tag;
      if (VOID.has(tag)) return `<${name}${attributes}${selfClosing ? " />" : ">"}`;
      const inner = `${newline ? "\n" : ""}${(children as string[]).join("")}`;
      return `<${name}${attributes}${selfClosing ? "/" : ""}>${inner}${closed ? `</${tag}>` : ""}`;
    }),
}));
const fragment = fc.array(tree as fc.Arbitrary<string>, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(""));

describe("the plain HTML reader", () => {
  it("builds parse5's tree whenever it takes the markup, over random nested HTML", () => {
    let taken = 0;
    fc.assert(
      fc.property(fragment, (html) => {
        const plain = plainFragment(html);
        if (plain === undefined) return;
        taken++;
        expect(dump(plain), html).toEqual(parse5Tree(html));
      }),
      { numRuns: Number(process.env.RUNS ?? 3000) },
    );
    // Most of the random markup is misnested: the point is that what is taken is right, but some must be taken.
    expect(taken).toBeGreaterThan(100);
  });

  it("builds parse5's tree whenever it takes a table, over random tables with parts, text and blocks anywhere", () => {
    // Mostly tables as written, now and then a part out of place, text between rows, a block in a body.
    const filler = fc.oneof({ weight: 12, arbitrary: fc.constantFrom("", "\n", " \n ", "&#32;") }, { weight: 1, arbitrary: fc.constantFrom("x", "&nbsp;", "<p>p</p>", "<em>e</em>") });
    const content = fc.oneof({ weight: 12, arbitrary: fc.constantFrom("a", "", "<em>b</em>", "<p>c</p>", "a<br>b", "<table><tbody><tr><td>n</td></tr></tbody></table>") }, { weight: 1, arbitrary: fc.constantFrom("<tr>", "</td>", "<caption>c</caption>") });
    const cell = fc.tuple(fc.constantFrom("td", "td", "td", "td", "th", "p"), content, filler).map(([tag, inner, after]) => `<${tag}>${inner}</${tag}>${after}`);
    const row = fc.tuple(fc.constantFrom("tr", "tr", "tr", "tr", "tr", "tr", "td", "div"), fc.array(cell, { maxLength: 3 }), filler).map(([tag, cells, after]) => `<${tag}>${cells.join("")}</${tag}>${after}`);
    const section = fc.tuple(fc.constantFrom("tbody", "tbody", "tbody", "thead", "thead", "tfoot", "tr"), fc.array(row, { maxLength: 3 }), filler).map(([tag, rows, after]) => `<${tag}>${rows.join("")}</${tag}>${after}`);
    const part = fc.tuple(filler, fc.array(section, { maxLength: 3 }), filler).map(([before, sections, after]) => `${before}<table>${sections.join("")}</table>${after}`);
    let taken = 0;
    fc.assert(
      fc.property(part as fc.Arbitrary<string>, (html) => {
        const plain = plainFragment(html);
        if (plain === undefined) return;
        if (html.includes("<tr>")) taken++;
        expect(dump(plain), html).toEqual(parse5Tree(html));
      }),
      { numRuns: Number(process.env.RUNS ?? 3000) },
    );
    expect(taken).toBeGreaterThan(100);
  });

  it("takes a GFM table as marked writes it", () => {
    const html = new Marked({ gfm: true }).parse("| a | b |\n|:--|--:|\n| 1 | *2* |\n| 3 | 4 |\n", { async: false });
    expect(plainFragment(html)).toBeDefined();
    expect(dump(plainFragment(html)!)).toEqual(parse5Tree(html));
  });

  it("takes the Markdown of the seed and the messy fixtures as rendered, and builds parse5's tree", () => {
    const marked = new Marked({ gfm: true });
    const bodies = ["content", "test/fixtures/messy"].flatMap((dir) =>
      readdirSync(`${dir}/articles`).map((name) => readFileSync(`${dir}/articles/${name}`, "utf8").replace(/^---\n[\s\S]*?\n---\n/, "")),
    );
    let taken = 0;
    for (const body of bodies) {
      const html = marked.parse(body, { async: false });
      const plain = plainFragment(html);
      if (plain) taken++;
      expect(dump(parseBodyFragment(html)), body.slice(0, 80)).toEqual(parse5Tree(html));
    }
    expect(taken).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ["a comment", "<p>a<!-- b --></p>"],
    ["a block in a paragraph", "<p>a<div>b</div></p>"],
    ["an end tag out of order", "<p><em>a</p></em>"],
    ["an end tag left out", "<ul><li>a<li>b</ul>"],
    ["an item in an item", "<ul><li>a<li>b</li></li></ul>"],
    ["an item in an item, in an inline element", "<ul><li>a<em><li>b</li></em></li></ul>"],
    ["a description in a term", "<dl><dt>a<dd>b</dd></dt></dl>"],
    ["a heading in a heading", "<h2>a<h3>b</h3></h2>"],
    ["a link in a link", '<a href="x">a<a href="y">b</a></a>'],
    ["a row outside a table body", "<table><tr><td>a</td></tr></table>"],
    ["text between table rows", "<table><tbody>x<tr><td>a</td></tr></tbody></table>"],
    ["a paragraph between table rows", "<table><tbody><p>x</p><tr><td>a</td></tr></tbody></table>"],
    ["a table in a table body", "<table><tbody><table></table></tbody></table>"],
    ["an unknown reference", "<p>&notit;</p>"],
    ["a reference without its semicolon", "<p>&copy 2024</p>"],
    ["a reference to a C1 control", "<p>&#150;</p>"],
    ["a self-closing non-void element", "<p>a<span/>b</p>"],
    ["a carriage return", "<p>a\r\nb</p>"],
    ["a bare <", "<p>a < b</p>"],
  ])("declines %s, which parse5 reads otherwise than as written", (_, html) => {
    expect(plainFragment(html)).toBeUndefined();
    expect(dump(parseBodyFragment(html))).toEqual(parse5Tree(html));
  });

  it("reads attributes as the tokenizer does: names lowercased, the first of a repeated name kept, references decoded", () => {
    const html = `<p><a HREF="https://e.example/?a=1&amp;b=2" href="ignored" title='It&#39;s &eacute;'>x</a></p>`;
    expect(dump(plainFragment(html)!)).toEqual([["p", spec.NS.HTML, [], [["a", spec.NS.HTML, [{ name: "href", value: "https://e.example/?a=1&b=2" }, { name: "title", value: "It's é" }], ["x"]]]]]);
  });

  it("drops the newline right after <pre>, as parse5 does", () => {
    expect(dump(plainFragment("<pre>\n\ncode\n</pre>")!)).toEqual(parse5Tree("<pre>\n\ncode\n</pre>"));
    expect(dump(plainFragment("<pre>\n\ncode\n</pre>")!)).toEqual([["pre", spec.NS.HTML, [], ["\ncode\n"]]]);
  });
});
