import fc from "fast-check";
import { Lexer } from "marked";
import { describe, expect, it } from "vitest";
import { GFM_TEXT_RULE, plainTextEnd } from "../../src/build/inline-text.ts";

/** marked's own rule, which the scan must agree with to the character wherever it answers. */
const RULE = Lexer.rules.inline.gfm.text;
const ruleEnd = (src: string) => RULE.exec(src)?.[0].length;

const piece = fc.constantFrom(
  "a", "b", "word", " ", "  \n", "   \n", "\n", "h", "H", "ttp", "http", "HTTPS", "hTtP", "ftp://", "FtP://", "ftp:/", "f", "w", "www.", "ww",
  "`", "``", "~", "~~", "\\", "<", "!", "[", "*", "_", "(", ")", ".", ":", "/", "@", "mailto:", "xmpp:", "mailto", "é", "😀", "\u00A0", "\t",
);
const text = fc.array(piece, { minLength: 1, maxLength: 12 }).map((parts) => parts.join(""));

describe("the scan for a run of plain text", () => {
  it("follows the rule of the marked version installed (a marked upgrade must check the scan again)", () => {
    expect(RULE.source).toBe(GFM_TEXT_RULE);
    expect(plainTextEnd("plain words")).toBe("plain words".length);
  });

  it("ends every run where marked's rule ends it, and leaves e-mail addresses and mailto:/xmpp: to the rule", () => {
    let answered = 0;
    fc.assert(
      fc.property(text, (src) => {
        const end = plainTextEnd(src);
        if (end === undefined) {
          expect(src.includes("@") || src.includes("mailto:") || src.includes("xmpp:"), src).toBe(true);
          return;
        }
        answered++;
        expect(end, JSON.stringify(src)).toBe(ruleEnd(src));
      }),
      { numRuns: Number(process.env.RUNS ?? 5000) },
    );
    expect(answered).toBeGreaterThan(1000);
  });

  it.each([
    ["a URL", "see http://e.example", 4],
    ["www. after a space", "go to www.e.example", 6],
    ["www. inside a word", "awww.e", 6],
    ["two spaces before a break", "line  \nnext", 4],
    ["a backtick", "a`code`", 1],
    ["a run of backticks, as a whole", "``code", 6],
    ["emphasis", "plain *em*", 6],
  ])("stops before %s as the rule does", (_, src, end) => {
    expect(plainTextEnd(src)).toBe(end);
    expect(ruleEnd(src)).toBe(end);
  });
});
