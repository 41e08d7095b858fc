import { Lexer } from "marked";

/**
 * Where marked's GFM inline `text` rule ends a run of plain text at the start of `src`, found by
 * a scan instead of the rule's expression, or undefined where only the expression can say.
 *
 * The rule (marked's `inline.gfm.text`) stops before anything another inline rule may start
 * with: punctuation that opens emphasis, code, links or HTML, a URL or `www.` for autolinks, two
 * spaces before a line break, and an e-mail address or `mailto:`/`xmpp:` link. For that last
 * case it looks ahead over the whole word at every character, which made it the most expensive
 * part of rendering an article. Text without an `@` and without `mailto:` or `xmpp:` can never
 * meet those alternatives, and for it the rule is the scan below, step for step. Anything else,
 * or a marked whose rule is not the one this scan was written from, gets undefined and marked's
 * own expression.
 */
export function plainTextEnd(src: string): number | undefined {
  if (!RULE_IS_KNOWN || src.length === 0 || src.includes("@") || src.includes("mailto:") || src.includes("xmpp:")) return undefined;
  // (`+|~+|[^`~]): a run of backticks or tildes, or one other character.
  let p = 1;
  const first = src.charCodeAt(0);
  if (first === BACKTICK || first === TILDE) while (src.charCodeAt(p) === first) p++;
  // (?=[`~]) | (?= {2,}\n) right after it.
  const next = src.charCodeAt(p);
  if (next === BACKTICK || next === TILDE) return p;
  SPACES_BEFORE_BREAK.lastIndex = p;
  if (SPACES_BEFORE_BREAK.test(src)) return p;
  // [\s\S]*?(?:(?=stop)|$|[^ ](?= {2,}\n)): the first place, from here, where the text stops, or the end.
  STOP.lastIndex = p;
  const stop = STOP.exec(src)?.index ?? src.length;
  const broken = lineBreakAfter(src, p, stop);
  return broken === undefined ? stop : broken;
}

/**
 * Where `[^ ](?= {2,}\n)` first stops the text (after that character, where the spaces start)
 * from `from`, if before `limit`: two spaces and a line break found by a plain search, then the
 * spaces before them counted back. They never reach back to `from`: the text would start with
 * ` {2,}\n` there, which plainTextEnd answered before. One expression with the alternatives of
 * STOP, whose every position this alternative can start at, cost twice as much as the searches apart.
 */
function lineBreakAfter(src: string, from: number, limit: number): number | undefined {
  const at = src.indexOf("  \n", from);
  if (at === -1 || at >= limit) return undefined;
  let spaces = at;
  while (src.charCodeAt(spaces - 1) === SPACE) spaces--;
  return spaces;
}

const BACKTICK = 0x60;
const TILDE = 0x7e;
const SPACE = 0x20;
const SPACES_BEFORE_BREAK = / {2,}\n/y;

/**
 * The rule's stopping places without its e-mail alternatives and the two spaces before a line
 * break (lineBreakAfter), searched for rather than tried at each position (`\b_` is left out:
 * `_` is in the class already): where the text stops before a character.
 */
const STOP = /[\\<!\[`*~_]|[hH][tT][tT][pP]|[fF][tT][pP]:\/\/|(?<![^\s*_~(])www\./g;

/** The expression the scan follows; marked 18's `inline.gfm.text`. */
export const GFM_TEXT_RULE =
  "^(?:[^a-zA-Z0-9](?=(?:mailto|xmpp):)|(`+|~+|[^`~])(?:(?=[`~])|(?= {2,}\\n)|(?=[a-zA-Z0-9.!#$%&'*+\\/=?_`{\\|}~-]+@)|[\\s\\S]*?(?:(?=[\\\\<!\\[`*~_]|\\b_|[hH][tT][tT][pP][sS]?|[fF][tT][pP]:\\/\\/|(?<![^\\s*_~(])www\\.|$)|[^ ](?= {2,}\\n)|[^a-zA-Z0-9](?=(?:mailto|xmpp):)|[^a-zA-Z0-9.!#$%&'*+\\/=?_`{\\|}~-](?=[a-zA-Z0-9.!#$%&'*+\\/=?_`{\\|}~-]+@))))";

const RULE_IS_KNOWN = Lexer.rules.inline.gfm.text.source === GFM_TEXT_RULE && Lexer.rules.inline.gfm.text.flags === "";
