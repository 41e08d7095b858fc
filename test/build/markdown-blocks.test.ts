import fc from "fast-check";
import { Lexer } from "marked";
import { describe, expect, it } from "vitest";
import { mayStartSetextHeading, mayStartTable } from "../../src/build/markdown.ts";

// src/build/markdown.ts skips marked's GFM table and setext-heading rules where they cannot
// match; they must never skip a place where marked's rule (as installed) matches.
const piece = fc.constantFrom(
  "a", "word", " ", "  ", "   ", "    ", "\t", "\n", "\n\n", "\n \n", "\n\t\n", "=", "==", "-", "---", "|", "| a |", ":", ":-", "-:", "#", "# ", ">", "*", "1.", "```", "~~~", "<div>", "\r", "\u2028", "\u00a0", "\n   ", "\n    ",
);
const source = fc.array(piece, { minLength: 1, maxLength: 16 }).map((parts) => parts.join(""));

describe("the guards before marked's table and setext-heading rules", () => {
  for (const [name, guard, rule] of [
    ["a table", mayStartTable, Lexer.rules.block.gfm.table],
    ["a setext heading", mayStartSetextHeading, Lexer.rules.block.gfm.lheading],
  ] as const) {
    it(`never rule out ${name} where marked's rule matches`, () => {
      let ruledOut = 0;
      let matched = 0;
      fc.assert(
        fc.property(source, (src) => {
          const matches = rule.exec(src) !== null;
          if (matches) matched++;
          if (!guard(src)) {
            ruledOut++;
            expect(matches, JSON.stringify(src)).toBe(false);
          }
        }),
        { numRuns: 20000 },
      );
      // Both sides occur: the guard rules out most places, and the rule matches some.
      expect(ruledOut).toBeGreaterThan(5000);
      expect(matched).toBeGreaterThan(40);
    });
  }

  it.each([
    ["a table", "| a | b |\n| - | - |\n| 1 | 2 |", true, false],
    ["a table without outer pipes", "a | b\n:-- | --:\n1 | 2", true, false],
    ["a setext heading", "Title\n=====\n\nText.", false, true],
    ["a setext heading of two lines, underlined with dashes", "Title\non two lines\n   ---\n", false, true],
    ["a paragraph", "Text of a paragraph\nthat goes on.\n\n===\n", false, false],
  ])("see %s", (_, src, table, heading) => {
    expect(mayStartTable(src)).toBe(table);
    expect(mayStartSetextHeading(src)).toBe(heading);
  });
});
