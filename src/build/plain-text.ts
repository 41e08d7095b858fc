import { decodeHTML } from "entities";
import { firstForbiddenCharacter } from "./xml-characters.ts";

/**
 * Why a title cannot be published as plain text, if it cannot. RSS 2.0 does not say whether a
 * title is text or HTML, and readers guess: feedparser renders a title as HTML when it holds an
 * end tag or a character reference ("looks like HTML"), so `Misnested <b>HTML</i>` shows as
 * "Misnested HTML" and `Entities &amp; more` as "Entities & more", however the feed escapes it;
 * the W3C Feed Validation Service warns "title should not contain HTML" on the same two patterns
 * (its `nonhtml` check). A title is plain text in every format here, so those two patterns are
 * refused and everything else (`R&D`, `<lab>`, `1 < 2`) is published exactly.
 */
export function plainTextProblem(text: string, what = "a title"): string | undefined {
  for (const [endTag, name] of text.matchAll(END_TAG)) {
    if (HTML_ELEMENTS.has(name!.toLowerCase())) {
      return `contains ${endTag}, which feed readers take for HTML markup (${what} is plain text, and the W3C validator warns "title should not contain HTML"): remove the tags`;
    }
  }
  for (const [reference] of text.matchAll(REFERENCE)) {
    // As an HTML parser reads it, so legacy names without a semicolon (`&copy 2024`, `&notes`)
    // count too: readers that decode titles as HTML (@rowanmanning/feed-parser) show "©", "¬es".
    const decoded = decodeHTML(reference);
    if (decoded === reference) continue;
    if (!reference.endsWith(";") && !reference.startsWith("&#")) {
      return `contains ${reference}, which feed readers that read ${what} as HTML show as ${JSON.stringify(decoded)} (an HTML character reference without its semicolon): write "and", or put a space after the "&"`;
    }
    const advice = firstForbiddenCharacter(decoded) || !decoded.trim() ? "remove it" : `write ${JSON.stringify(decoded)} itself`;
    return `contains ${reference}, an HTML character reference, which feed readers decode or show unpredictably (${what} is plain text): ${advice}`;
  }
  return undefined;
}

const END_TAG = /<\/([A-Za-z][A-Za-z0-9]*)\s*>/g;
const REFERENCE = /&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?/g;

/** The elements of HTML (WHATWG "Index of elements") and the obsolete ones readers still know. */
const HTML_ELEMENTS = new Set(
  (
    "a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption cite code col colgroup " +
    "data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 " +
    "head header hgroup hr html i iframe img input ins kbd label legend li link main map mark menu meta meter nav noscript " +
    "object ol optgroup option output p param picture pre progress q rp rt ruby s samp script search section select slot " +
    "small source span strong style sub summary sup table tbody td template textarea tfoot th thead time title tr track u " +
    "ul var video wbr acronym applet basefont big blink center dir font frame frameset marquee nobr noframes strike tt xmp"
  ).split(" "),
);
