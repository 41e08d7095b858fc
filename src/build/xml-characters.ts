/**
 * Characters that no feed document may carry. XML 1.0 §2.2 (`Char`) excludes the C0 controls
 * other than tab, line feed and carriage return, the surrogates and U+FFFE/U+FFFF: one of them
 * makes an RSS or Atom document "not well-formed" for every reader. DEL and the C1 range
 * (U+007F–U+009F) are allowed by XML but "discouraged" by the same section, and validators flag
 * them: they are invisible controls that no author means to publish (most often text decoded with
 * the wrong code page). The noncharacters (U+FDD0–U+FDEF and the last two code points of every
 * plane) are discouraged there too, and the HTML parser reports each one as an error.
 */
const FORBIDDEN_SOURCE =
  "[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\uFDD0-\\uFDEF\\uFFFE\\uFFFF]" +
  // The last two code points of planes 1-16 (U+1FFFE, U+1FFFF ... U+10FFFF), as surrogate pairs.
  "|[\\uD83F\\uD87F\\uD8BF\\uD8FF\\uD93F\\uD97F\\uD9BF\\uD9FF\\uDA3F\\uDA7F\\uDABF\\uDAFF\\uDB3F\\uDB7F\\uDBBF\\uDBFF][\\uDFFE\\uDFFF]" +
  "|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]";

const FORBIDDEN = new RegExp(FORBIDDEN_SOURCE);
const FORBIDDEN_ALL = new RegExp(FORBIDDEN_SOURCE, "g");

/**
 * One character class holding every character FORBIDDEN can match (a surrogate, paired or not,
 * stands for the planes' noncharacters and the lone halves) and the C1 controls
 * withWindows1252Characters maps. Nearly all text has none of them, and a single class is scanned
 * far faster than FORBIDDEN's alternatives, which are tried at every position.
 */
const SUSPECT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFDD0-\uFDEF\uFFFE\uFFFF]/;

/** False when `text` certainly holds no forbidden character and nothing withWindows1252Characters maps. */
export function mayHoldForbiddenCharacters(text: string): boolean {
  return SUSPECT.test(text);
}

/**
 * Whether `text` is a sequence of XML 1.0 `Char`s (§2.2): tab, line feed, carriage return and
 * U+0020-U+D7FF, U+E000-U+FFFD, U+10000-U+10FFFF, a surrogate only as half of a pair. Looser than
 * the build's own rule above (DEL, C1 and noncharacters are `Char`s): this is what a parser
 * accepts, not what the build publishes.
 */
export function isXmlText(text: string): boolean {
  return !SUSPECT.test(text) || !NOT_CHAR.test(text);
}

/** Any code point that is not a `Char`; with the u flag a lone surrogate is a code point of its own. */
const NOT_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** The first forbidden character in `text`, and where, if there is one. */
export function firstForbiddenCharacter(text: string): { character: string; index: number } | undefined {
  if (!SUSPECT.test(text)) return undefined;
  const match = FORBIDDEN.exec(text);
  return match ? { character: match[0], index: match.index } : undefined;
}

/** `text` without any forbidden character. */
export function withoutForbiddenCharacters(text: string): string {
  return SUSPECT.test(text) && FORBIDDEN.test(text) ? text.replace(FORBIDDEN_ALL, "") : text;
}

/** A character as people look it up: `U+0008`. */
export function codePointName(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * Why a feed must not carry it: XML cannot (the C0 controls, surrogates, U+FFFE/U+FFFF: the
 * document would not be well-formed), or XML 1.0 §2.2 discourages it and validators flag it
 * (DEL, the C1 controls and the other noncharacters, which XML itself allows).
 */
export function whyForbidden(character: string): string {
  const code = character.codePointAt(0)!;
  const notXml = code < 0x20 || (code >= 0xd800 && code <= 0xdfff) || code === 0xfffe || code === 0xffff;
  return notXml ? "which RSS and Atom cannot carry" : "which XML 1.0 discourages and feed validators flag";
}

/** What kind of character it is, for a message an author can act on. */
export function characterKind(character: string): string {
  const code = character.codePointAt(0)!;
  if (code >= 0xd800 && code <= 0xdfff) return "half of a surrogate pair, not a character";
  if ((code >= 0xfdd0 && code <= 0xfdef) || (code & 0xfffe) === 0xfffe) return "a noncharacter";
  return "an invisible control character";
}

/**
 * The lines of a Markdown body that hold a forbidden character, raw or written as a numeric
 * character reference (`&#8;`, `&#x1B;`). A reference is read as the HTML parser reads it (HTML
 * §13.2.5.80 "numeric character reference end state"): NUL, surrogates and out-of-range numbers
 * become U+FFFD, and 0x80–0x9F map through the windows-1252 table, so `&#146;` is a quotation
 * mark and is not reported.
 */
export function linesWithForbiddenCharacters(body: string): { line: number; character: string }[] {
  const found: { line: number; character: string }[] = [];
  body.split("\n").forEach((text, i) => {
    const raw = firstForbiddenCharacter(text)?.character;
    const referenced = [...text.matchAll(NUMERIC_REFERENCE)]
      .map((m) => referencedCharacter(m[1] ? Number.parseInt(m[1], 16) : Number.parseInt(m[2]!, 10)))
      .find((character) => FORBIDDEN.test(character));
    const character = raw ?? referenced;
    if (character !== undefined) found.push({ line: i + 1, character });
  });
  return found;
}

/**
 * U+0080–U+009F in text as the windows-1252 characters HTML reads their numeric references as
 * (HTML §13.2.5.80: `&#146;` is `’`). marked decodes such a reference in prose to the C1 control
 * itself, which would then be removed; mapping the text marked wrote, not the Markdown source,
 * leaves code alone, where marked writes the reference out as the author typed it. The five
 * codes the table leaves alone stay controls, to be removed like any other.
 */
export function withWindows1252Characters(text: string): string {
  return C1.test(text) ? text.replace(C1_ALL, (c) => WINDOWS_1252[c.charCodeAt(0) - 0x80]!) : text;
}

const C1 = /[\u0080-\u009F]/;
const C1_ALL = /[\u0080-\u009F]/g;

const NUMERIC_REFERENCE = /&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?/g;

/** HTML's numeric character reference replacement table for 0x80–0x9F; the five it leaves alone stay C1 controls. */
const WINDOWS_1252 = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";

function referencedCharacter(code: number): string {
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return "\uFFFD";
  if (code >= 0x80 && code <= 0x9f) return WINDOWS_1252[code - 0x80]!;
  return String.fromCodePoint(code);
}
