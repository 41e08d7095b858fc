import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { simpleFrontMatter } from "../../src/build/front-matter.ts";

/** What the build read before: `yaml`'s value, or that it reports an error. */
function yamlValue(source: string): unknown {
  const document = parseDocument(source);
  return document.errors.length > 0 ? "(error)" : document.toJS();
}

const pick = <T,>(...values: T[]) => fc.constantFrom(...values);
/** Mostly what articles hold, sometimes what YAML reads otherwise. */
const mostly = <T,>(usual: fc.Arbitrary<T>, unusual: fc.Arbitrary<T>) => fc.oneof({ weight: 5, arbitrary: usual }, { weight: 1, arbitrary: unusual });
const key = mostly(pick("title", "slug", "tags", "draft", "summary", "author", "published", "x-y", "a_b", "Title"), pick("constructor", "null", "True", "yes", "1", "-a", "a b"));
const quotedPiece = mostly(pick("a", " ", "é", "#", " #", ": ", "'", '\\"', "\\\\", "[", "]", ","), pick("\\n", "\\t", "\\b", "\\f", "\\r", "\\/", "\\u0041", "\\x41", "\\ ", "\\", '"', "\u00a0", "😀"));
const plainPiece = mostly(
  pick("a", "b c", "It's", "C#", "é", "x-y", "1", "2024-01-01", "2024-01-01T00:00:00+09:00", "Seoul 2021", '5"', "a,b", "{b}", "[a"),
  pick(" #x", ": ", ":", "0x1F", "0o17", "1e3", "1.5", "1.", "-", "+1", "true", "False", "TRUE", "tRUE", "null", "Null", "~", "-a", ",", "yes", "NaN", ".inf", ".NaN", "&x", "*x", "!x", "|", ">", "%", "@", "`", "?", " ", "'", '"', "😀", "\u00a0", "\t", "#"),
);
const quoted = fc.array(quotedPiece, { maxLength: 6 }).map((parts) => `"${parts.join("")}"`);
const plain = fc.array(plainPiece, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(""));
const scalar = fc.oneof(quoted, plain);
const list = fc
  .tuple(mostly(pick("["), pick("[ ")), fc.array(scalar, { maxLength: 4 }), mostly(pick(", ", ","), pick(" ,", ",  ")), mostly(pick("]"), pick(" ]", ",]")))
  .map(([open, items, separator, close]) => `${open}${items.join(separator)}${close}`);
const trailing = mostly(pick(""), pick(" ", " # note", "#x", "\t"));
const entry = fc.tuple(key, mostly(pick(": "), pick(":  ", ":", " : ", ":\t")), fc.oneof(scalar, scalar, list), trailing).map(([k, s, v, t]) => `${k}${s}${v}${t}`);
const other = pick("", "# a comment", "#", "  # indented comment", "  indented: x", "- item", "key: |", "  block", "---", "...", "%YAML 1.2", "  continued", "? complex", "a", "\u2028");
const frontMatter = fc.array(fc.oneof({ weight: 8, arbitrary: entry }, { weight: 1, arbitrary: other }), { minLength: 1, maxLength: 7 }).map((lines) => lines.join("\n"));

describe("front matter read without the YAML parser", () => {
  it("reads what it accepts exactly as yaml does, and accepts nothing yaml refuses", () => {
    let accepted = 0;
    fc.assert(
      fc.property(frontMatter, (source) => {
        const simple = simpleFrontMatter(source);
        if (simple === undefined) return;
        accepted++;
        expect(simple, source).toEqual(yamlValue(source));
        // Objects of the same prototype, keys in the same order: what zod and the build see.
        expect(Object.keys(simple)).toEqual(Object.keys(yamlValue(source) as object));
      }),
      { numRuns: 4000 },
    );
    // Not a test that passes by declining everything.
    expect(accepted).toBeGreaterThan(200);
  });

  it.each([
    ["what npm run new writes", 'title: "A \\"quoted\\" title"\nslug: a-title\npublished: 2026-03-01T09:30:00+01:00\nauthor: "Desk"\nsummary: One or two sentences for feed readers and the index page.\ntags: []\n# draft: true   # uncomment'],
    ["quoted fields and a list", 'title: "Synthetic 0: a title"\nslug: "synthetic-00000"\npublished: "2020-01-01T00:00:00Z"\ntags: ["Bench","Group 0"]'],
    ["plain fields, a boolean and a plain list", "title: Hello, world\ndraft: true\ntags: [News, Seoul 2021]\n\nsummary: It's C# and more"],
  ])("reads %s as yaml does", (_, source) => {
    expect(simpleFrontMatter(source)).toEqual(yamlValue(source));
  });

  it.each([
    ["a block scalar", "summary: >-\n  folded"],
    ["a number", "count: 12"],
    ["null", "updated: null"],
    ["a duplicate key", "title: a\ntitle: b"],
    ["single quotes", "title: 'a'"],
    ["a trailing comment", "title: a # note"],
    ["an indented line", "title: a\n  b"],
    ["a tab", "title:\ta"],
    ["a forbidden character", 'title: "a\u0001"'],
  ])("leaves %s to the parser", (_, source) => {
    expect(simpleFrontMatter(source)).toBeUndefined();
  });
});
