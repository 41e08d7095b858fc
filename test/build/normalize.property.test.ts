import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sanitizeBody } from "../../src/build/sanitize.ts";
import { fragmentProblems } from "../support/html-fragments.ts";

/**
 * Whatever nesting an author writes, the normaliser's output is HTML that every parser rebuilds
 * as written (a parse5 parse and serialize gives it back) and that html-validate finds valid:
 * random trees over a vocabulary of kept, unwrapped and misplaced elements, end tags sometimes
 * left out, as in the author HTML that broke the normaliser before (a link holding blocks,
 * <details> without <summary>, two captions, cells outside a table).
 */
const TAGS = (
  "p div a em strong span code pre ul ol li dl dt dd table caption tr td th thead tbody blockquote h1 h2 h3 h4 " +
  "section aside header footer nav main article details summary figure figcaption img br ins del q small sub font center"
).split(" ");
const ATTRIBUTES: Record<string, string> = { a: ' href="https://e.example/"', img: ' src="https://e.example/p.png" alt="p"', ins: "", del: "" };
const VOID = new Set(["img", "br"]);

const word = fc.constantFrom("one", "two", " ", "three four", "&amp;", "x\n");
const { tree } = fc.letrec((self) => ({
  tree: fc.oneof({ weight: 2, arbitrary: word }, { weight: 3, arbitrary: self("element") }),
  element: fc
    .record({ tag: fc.constantFrom(...TAGS), children: fc.array(self("tree"), { maxLength: 3 }), closed: fc.boolean() })
    .map(({ tag, children, closed }) => {
      if (VOID.has(tag)) return `<${tag}${ATTRIBUTES[tag] ?? ""}>`;
      const inner = (children as string[]).join("");
      return `<${tag}${ATTRIBUTES[tag] ?? ""}>${inner}${closed || inner === "" ? `</${tag}>` : ""}`;
    }),
}));
const fragment = fc.array(tree as fc.Arbitrary<string>, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(""));

describe("the normaliser, over random nested HTML", () => {
  it("writes HTML that parses back to itself and that html-validate finds valid", async () => {
    await fc.assert(
      fc.asyncProperty(fragment, async (html) => {
        const { html: out } = sanitizeBody(html, "https://news.example.org/articles/a");
        expect(await fragmentProblems(out), `${html}\n→ ${out}`).toEqual([]);
      }),
      { numRuns: Number(process.env.RUNS ?? 150) },
    );
  });
});
