import { mayHoldForbiddenCharacters } from "./xml-characters.ts";

/**
 * The front matter's value when it is written in the plain form nearly every article uses, read
 * without the YAML parser: `key: value` lines, full-line comments and empty lines, where a value
 * is double-quoted text, a plain scalar on its line, or a flow list of those. `undefined` for
 * anything else (indentation, block scalars, single quotes, anchors, tags, numbers, null, a
 * duplicate key...): the build then reads it with `yaml`, which names any mistake. The `yaml`
 * package spends a third of a millisecond on a handful of lines (its lexer and parser are
 * generators), a fifth of a short article's build.
 *
 * What is accepted is read exactly as `yaml` 2 reads it with its default schema (YAML 1.2 core):
 * test/build/front-matter.test.ts compares both on generated front matter.
 */
export function simpleFrontMatter(source: string): Record<string, unknown> | undefined {
  // Characters the build refuses or YAML handles apart (tabs, other white space, line
  // separators, a byte-order mark) send the whole text to the parser.
  if (source === "" || mayHoldForbiddenCharacters(source) || OTHER_SPACE.test(source)) return undefined;
  const data: Record<string, unknown> = {};
  const keys = new Set<string>();
  for (const line of source.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = KEY_LINE.exec(line);
    if (!match) return undefined;
    const [, key, text] = match as unknown as [string, string, string];
    if (keys.has(key) || RESERVED_KEY.test(key)) return undefined;
    const value = text.startsWith("[") ? flowList(text) : scalar(text, false);
    if (value === undefined) return undefined;
    keys.add(key);
    data[key] = value;
  }
  return keys.size > 0 ? data : undefined;
}

/** White space other than the space and the line feed. */
const OTHER_SPACE = /[^\S \n]/;

/** A key that is a plain word at the start of the line, a colon, spaces, and a value. */
const KEY_LINE = /^([A-Za-z][A-Za-z0-9_-]*): +(\S.*)$/;

/** Keys the core schema reads as null or a boolean. */
const RESERVED_KEY = /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$/;

/**
 * A double-quoted or plain scalar that is the whole of `text`, or undefined. In a flow list
 * (`inFlow`) a plain scalar may hold fewer characters (YAML 1.2 §7.3.3, ns-plain-safe(c)).
 */
function scalar(text: string, inFlow: boolean): string | boolean | undefined {
  if (text.startsWith('"')) return doubleQuoted(text);
  return plain(text, inFlow);
}

/**
 * Double-quoted text on one line (YAML 1.2 §7.3.1) with only the escapes JSON has too, save
 * `\/` and `\u` (what JSON.stringify writes: npm run new writes the title so).
 */
function doubleQuoted(text: string): string | undefined {
  if (text.length < 2 || !text.endsWith('"')) return undefined;
  let value = "";
  for (let i = 1; i < text.length - 1; i++) {
    const character = text[i]!;
    if (character === '"') return undefined;
    if (character !== "\\") {
      value += character;
      continue;
    }
    const escaped = ESCAPES[text[++i]!];
    if (escaped === undefined || i >= text.length - 1) return undefined;
    value += escaped;
  }
  return value;
}

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', "\\": "\\", n: "\n", t: "\t", r: "\r", b: "\b", f: "\f" };

/**
 * A plain scalar on one line (YAML 1.2 §7.3.3) that the core schema (§10.3.2) reads as text or a
 * boolean: it starts with a letter or a digit (no indicator), holds no `: ` or ` #` and does not
 * end in a colon or a space (so the line is all of it), and is not null, an integer or a float.
 */
function plain(text: string, inFlow: boolean): string | boolean | undefined {
  if (!PLAIN_START.test(text) || text.endsWith(" ") || text.endsWith(":") || text.includes(": ") || text.includes(" #")) return undefined;
  if (inFlow && FLOW_UNSAFE.test(text)) return undefined;
  if (TRUE.test(text)) return true;
  if (FALSE.test(text)) return false;
  return NOT_TEXT.some((pattern) => pattern.test(text)) ? undefined : text;
}

const PLAIN_START = /^[\p{L}\p{N}]/u;

/** In a flow list: the flow indicators, and (to stay simple) quotes, colons and number signs. */
const FLOW_UNSAFE = /[,[\]{}"':#]/;

/** The core schema's booleans (yaml's schema/core/bool.js). */
const TRUE = /^(?:[Tt]rue|TRUE)$/;
const FALSE = /^(?:[Ff]alse|FALSE)$/;

/** The core schema's null, integers and floats (yaml's schema/common/null.js, core/int.js, core/float.js). */
const NOT_TEXT = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];

/** `[]`, or `[a, "b"]`: scalars separated by a comma and spaces, the whole of `text`. */
function flowList(text: string): unknown[] | undefined {
  const inner = FLOW_LIST.exec(text)?.[1];
  if (inner === undefined) return undefined;
  if (inner === "") return [];
  const items: unknown[] = [];
  let at = 0;
  for (;;) {
    let end: number;
    if (inner[at] === '"') {
      end = inner.indexOf('"', at + 1);
      while (end !== -1 && escapedQuote(inner, end)) end = inner.indexOf('"', end + 1);
      if (end === -1) return undefined;
      end += 1;
    } else {
      end = inner.indexOf(",", at);
      if (end === -1) end = inner.length;
    }
    const item = scalar(inner.slice(at, end), true);
    if (item === undefined) return undefined;
    items.push(item);
    if (end === inner.length) return items;
    const separator = SEPARATOR.exec(inner.slice(end));
    if (!separator) return undefined;
    at = end + separator[0].length;
  }
}

/** A list with no space inside its brackets (any spaces there are left to the parser). */
const FLOW_LIST = /^\[(?! )(.*?)(?<! )\]$/;
const SEPARATOR = /^, */;

/** Whether the quote at `at` is escaped: an odd number of backslashes before it. */
function escapedQuote(text: string, at: number): boolean {
  let backslashes = 0;
  while (text[at - 1 - backslashes] === "\\") backslashes++;
  return backslashes % 2 === 1;
}
