import { SaxesParser } from "saxes";
import type { FeedFormat } from "../feed-formats.ts";
import type { Article } from "../model.ts";
import type { BodySplit } from "../render/feed-adapter.ts";
import { escapeHtml } from "../render/html.ts";
import { isXmlText } from "./xml-characters.ts";

export type CheckedFormat = FeedFormat;

/**
 * What is wrong with a feed document the build is about to publish, if anything: an RSS or Atom
 * document must be well-formed XML with every namespace prefix bound (XML 1.0, Namespaces in XML
 * 1.0), read by a real XML parser (saxes, which also refuses characters outside XML's `Char`); a
 * JSON Feed must parse and follow the JSON Feed 1.1 rules below. Run on every document of every
 * build, so a renderer bug fails the build instead of reaching subscribers.
 */
export function feedDocumentProblem(format: CheckedFormat, document: string | BodySplit): string | undefined {
  if (typeof document !== "string") return format === "json" ? jsonFeedProblem(joined(document)) : splitXmlProblem(format, document);
  return format === "json" ? jsonFeedProblem(document) : xmlProblem(XML_ROOT[format], document);
}

/** A feed document that failed the build's own check: a renderer bug, reported instead of published. */
export class OutputError extends Error {
  constructor(path: string, problem: string, articles: readonly Article[]) {
    super(
      `The build rendered ${path} wrongly (${problem}); nothing was written. ` +
        `Articles involved: ${articles.map((a) => a.source).join(", ") || "none"}. ` +
        "This is a bug in edgefeed, not in the content: please report it with those files.",
    );
    this.name = "OutputError";
  }
}

/**
 * Throws an OutputError if `document` fails `feedDocumentProblem`, naming the articles that fail
 * when rendered alone (all of the document's, if none does). Only a failing document pays for that
 * search; a valid one costs one parse.
 */
export function assertValidFeed(
  path: string,
  format: CheckedFormat,
  document: string,
  renderWith: (articles: readonly Article[]) => string,
  articles: readonly Article[],
): void {
  const problem = feedDocumentProblem(format, document);
  if (!problem) return;
  const culprits = articles.filter((article) => feedDocumentProblem(format, renderWith([article])) !== undefined);
  throw new OutputError(path, problem, culprits.length > 0 ? culprits : articles);
}

const XML_ROOT = { rss: "rss", atom: "feed" } as const;

/**
 * The problem of a document given as a BodySplit, reading its short stand-in document and its
 * body's characters rather than the whole where that comes to the same, and the whole otherwise.
 *
 * The body is CDATA sections in element content: it comes to the same when the body is a run of
 * whole sections (`<![CDATA[`, characters without `]]>`, `]]>`: CDSect, XML 1.0 §2.7) whose
 * characters are all `Char`s (§2.2), and the stand-in document is well-formed with its stand-in
 * read as one CDATA section of its own. saxes reads a section starting from its text state
 * (inside the root: outside it a section is an error) and, for such a section, reports nothing
 * and ends in the text state with nothing pending, whatever the section holds; so the stand-in
 * section or the body's sections leave the parser in the same state before the tail, and the
 * tail reads the same. A stand-in read as the content of one section proves where the parser
 * was: saxes starts a section only after `<![CDATA[` read in its text state, the text is the
 * section's whole content, and the stand-in occurs once. Anything else (a lone surrogate, which
 * saxes pairs with the next character whatever it is, a forbidden character, a stray `]]>`, a
 * stand-in document that fails) is decided by reading the whole document, as before.
 *
 * When the split says where its item is, the stand-in document is read shorter still: the item
 * alone, in a wrapper element that binds what the item's place binds (itemPlace). Only a pass
 * is taken from it; a failure is decided by the whole document.
 */
function splitXmlProblem(format: "rss" | "atom", document: BodySplit): string | undefined {
  if (document.body === cleanBody || (wholeCdataSections(document.body) && isXmlText(document.body))) {
    // An article's RSS and Atom items carry the same body: screened once.
    cleanBody = document.body;
    const { head, tail, standIn, item } = document;
    const place = item && itemPlace(format, head, tail, item);
    const short = place
      ? `${place.open}${head.slice(item.start)}<![CDATA[${standIn}]]>${tail.slice(0, item.end)}${place.close}`
      : `${head}<![CDATA[${standIn}]]>${tail}`;
    let standIns = 0;
    const problem = xmlProblem(place ? ITEM_PLACE : XML_ROOT[format], short, (text) => void (text === standIn && standIns++));
    if (problem === undefined && standIns === 1 && short.indexOf(standIn) === short.lastIndexOf(standIn)) return undefined;
  }
  return xmlProblem(XML_ROOT[format], joined(document));
}

/**
 * The document around an item, if reading the item in a wrapper of its own comes to reading it
 * there: then `open + item + close` is well-formed only if the document is (XML 1.0 §3.1,
 * Namespaces in XML 1.0 §5), for the item of a document `before + item + after`:
 *
 * - `before + <place/> + after` is well-formed, with the format's root, and saxes reads `<place/>`
 *   as an element there (once): the item's place is element content, where saxes is in its text
 *   state (a place inside a comment, a section or a tag would read as no element, or fail).
 * - `before` and the item end with ">": nothing is pending at either edge (saxes's only memory
 *   of text across characters is a "]]" that a following ">" would make an error; ">" clears it).
 * - The wrapper binds each prefix (and the default namespace) the place has in scope, to the
 *   same name; saxes checks an item's prefixes against exactly those bindings.
 *
 * Read in the wrapper, the item starts in the text state of an element's content with nothing
 * pending, as at its place, and if the wrapper's end tag closes the wrapper, the item left the
 * parser where it found it (in the text state, at the same depth, nothing pending): so `after`
 * reads as it reads after `<place/>`. Each shell's reading is kept: a build has a handful.
 */
function itemPlace(format: "rss" | "atom", head: string, tail: string, item: { start: number; end: number }): ItemPlace | undefined {
  const before = head.slice(0, item.start);
  const after = tail.slice(item.end);
  if (item.start < 0 || item.start > head.length || item.end < 1 || item.end > tail.length) return undefined;
  if (!before.endsWith(">") || !tail.slice(0, item.end).endsWith(">")) return undefined;
  let withAfter = ITEM_PLACES.get(`${format}\n${before}`);
  if (!withAfter) {
    if (ITEM_PLACES.size >= 64) ITEM_PLACES.clear();
    ITEM_PLACES.set(`${format}\n${before}`, (withAfter = new Map()));
  }
  let place = withAfter.get(after);
  if (place === undefined) withAfter.set(after, (place = readItemPlace(format, before, after) ?? null));
  return place ?? undefined;
}

interface ItemPlace {
  open: string;
  close: string;
}

/** Each shell's item place by format and `before`, then `after`; null where none can stand for it. */
const ITEM_PLACES = new Map<string, Map<string, ItemPlace | null>>();

const ITEM_PLACE = "edgefeed-item-place";

function readItemPlace(format: "rss" | "atom", before: string, after: string): ItemPlace | undefined {
  const parser = new SaxesParser({ xmlns: true, position: false });
  let failed = false;
  let root: string | undefined;
  let places = 0;
  const prefixes = new Set<string>([""]);
  let bindings: [string, string][] = [];
  parser.on("error", () => void (failed = true));
  parser.on("opentag", (tag) => {
    root ??= tag.name;
    for (const prefix of Object.keys(tag.ns ?? {})) prefixes.add(prefix);
    if (tag.name !== ITEM_PLACE) return;
    places++;
    bindings = [...prefixes].flatMap((prefix) => {
      const name = parser.resolve(prefix);
      return name === undefined || prefix === "xml" || prefix === "xmlns" ? [] : [[prefix, name] as [string, string]];
    });
  });
  try {
    parser.write(`${before}<${ITEM_PLACE}/>${after}`).close();
  } catch {
    return undefined;
  }
  if (failed || places !== 1 || root !== XML_ROOT[format]) return undefined;
  const attributes = bindings.map(([prefix, name]) => ` ${prefix === "" ? "xmlns" : `xmlns:${prefix}`}="${escapeHtml(name)}"`).join("");
  return { open: `<${ITEM_PLACE}${attributes}>`, close: `</${ITEM_PLACE}>` };
}

/** The body the last split document had, if it was whole CDATA sections of XML characters. */
let cleanBody: string | undefined;

function joined(document: BodySplit): string {
  return document.head + document.body + document.tail;
}

/** Whether `text` is one or more whole CDATA sections and nothing else (CDSect, XML 1.0 §2.7). */
function wholeCdataSections(text: string): boolean {
  let at = 0;
  do {
    if (!text.startsWith(CDATA_START, at)) return false;
    const end = text.indexOf(CDATA_END, at + CDATA_START.length);
    if (end === -1) return false;
    at = end + CDATA_END.length;
  } while (at < text.length);
  return true;
}

const CDATA_START = "<![CDATA[";
const CDATA_END = "]]>";

function xmlProblem(expectedRoot: string, document: string, onCdata?: (text: string) => void): string | undefined {
  const reading = (reader ??= xmlReader());
  reading.problem = reading.root = undefined;
  reading.onCdata = onCdata;
  try {
    reading.parser.write(document).close();
  } catch (error) {
    // A parser that threw is left mid-document: the next document gets a new one.
    reader = undefined;
    reading.problem ??= `not well-formed XML: ${String(error)}`;
  }
  const { problem, root } = reading;
  reading.onCdata = undefined;
  if (problem) return problem;
  return root === expectedRoot ? undefined : `the root element is <${root}>, not <${expectedRoot}>`;
}

/**
 * A parser and what it found in the document it last read. One serves every document of a
 * thread: saxes starts over after close() (its end() runs _init() again), and making a parser
 * costs a few microseconds, a noticeable part of reading an item's short document.
 */
interface XmlReader {
  parser: SaxesParser<{ xmlns: true; position: false }>;
  problem: string | undefined;
  root: string | undefined;
  onCdata: ((text: string) => void) | undefined;
}

let reader: XmlReader | undefined;

function xmlReader(): XmlReader {
  const reading: XmlReader = { parser: new SaxesParser({ xmlns: true, position: false }), problem: undefined, root: undefined, onCdata: undefined };
  reading.parser.on("error", (error) => {
    reading.problem ??= `not well-formed XML: ${error.message}`;
  });
  reading.parser.on("opentag", (tag) => {
    reading.root ??= tag.name;
  });
  reading.parser.on("cdata", (text) => reading.onCdata?.(text));
  return reading;
}

/** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): the fields this site writes, with the types and rules the spec gives them. */
function jsonFeedProblem(document: string): string | undefined {
  let feed: unknown;
  try {
    feed = JSON.parse(document);
  } catch (error) {
    return `not JSON: ${(error as Error).message}`;
  }
  if (!isObject(feed)) return "not a JSON object";
  if (feed["version"] !== "https://jsonfeed.org/version/1.1") return "version is not https://jsonfeed.org/version/1.1";
  if (!isText(feed["title"])) return "title (required) is not a non-empty string";
  for (const key of ["home_page_url", "feed_url", "next_url", "icon", "favicon"]) {
    if (key in feed && !isAbsoluteUrl(feed[key])) return `${key} is not an absolute URL`;
  }
  const authors = authorsProblem(feed["authors"]);
  if (authors) return authors;
  if (!Array.isArray(feed["items"])) return "items (required) is not an array";
  const ids = new Set<string>();
  for (const [i, item] of feed["items"].entries()) {
    const problem = itemProblem(item);
    if (problem) return `items[${i}]: ${problem}`;
    const id = (item as Record<string, string>)["id"]!;
    if (ids.has(id)) return `items[${i}]: id ${JSON.stringify(id)} is not unique`;
    ids.add(id);
  }
  return undefined;
}

const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

function itemProblem(item: unknown): string | undefined {
  if (!isObject(item)) return "not an object";
  // "id (required, string)": unique for the item in this feed.
  if (!isText(item["id"])) return "id (required) is not a non-empty string";
  // "content_html and content_text are each optional strings — but one or both must be present".
  const html = item["content_html"];
  const text = item["content_text"];
  if (html === undefined && text === undefined) return "has neither content_html nor content_text";
  for (const [key, value] of [["content_html", html], ["content_text", text]] as const) {
    if (value !== undefined && !isText(value)) return `${key} is not a non-empty string`;
  }
  if ("url" in item && !isAbsoluteUrl(item["url"])) return "url is not an absolute URL";
  for (const key of ["title", "summary", "language"]) {
    if (key in item && typeof item[key] !== "string") return `${key} is not a string`;
  }
  for (const key of ["date_published", "date_modified"]) {
    if (key in item && !(typeof item[key] === "string" && RFC_3339.test(item[key]))) return `${key} is not an RFC 3339 date`;
  }
  if ("tags" in item && !(Array.isArray(item["tags"]) && item["tags"].every((tag) => typeof tag === "string"))) return "tags is not an array of strings";
  return authorsProblem(item["authors"]);
}

/** "authors (optional, array of objects)": each "must include at least one" of name, url, avatar. */
function authorsProblem(authors: unknown): string | undefined {
  if (authors === undefined) return undefined;
  if (!Array.isArray(authors)) return "authors is not an array";
  for (const author of authors) {
    if (!isObject(author) || !["name", "url", "avatar"].some((key) => isText(author[key]))) return "an author has no name, url or avatar";
    if ("url" in author && !isAbsoluteUrl(author["url"])) return "an author's url is not an absolute URL";
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
  return typeof value === "string" && value.length > 0;
}

function isAbsoluteUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}
