import { Feed, type Item } from "feed";
import { FEED_FORMAT } from "../feed-formats.ts";
import type { Photo, Site } from "../model.ts";
import { absoluteUrl, type FeedPaths } from "../paths.ts";
import type { FeedScope } from "./feed-scope.ts";
import { lastUpdated } from "./feed-items.ts";
import { escapeHtml } from "./html.ts";

/**
 * The one place that knows how the `feed` package (6.0.0, serialising with xml-js 1.6.11) writes
 * RSS and Atom, and corrects it. Renderers hand over what they mean (plain text as text, HTML as
 * HTML); every correction below has a test in test/render/feed-adapter.test.ts that fails without it.
 */

/** One item as the renderers mean it: text fields are plain text, HTML fields are sanitized HTML. */
export interface FeedEntry {
  title: string;
  url: string;
  published: Date;
  updated: Date;
  author: string;
  tags: readonly string[];
  summaryHtml: string;
  contentHtml: string;
  /** The lead photo, offered as the item's enclosure and Media RSS content. */
  image?: Photo | undefined;
}

export type XmlFeedFormat = "rss" | "atom";

/**
 * The RSS 2.0 or Atom 1.0 document of one feed scope, with RFC 5005 archive links: what `feed`
 * writes for these entries, corrected below.
 *
 * An article is an item in many documents (the site's feed or an archive page, and each of its
 * topics' feeds), and `feed` writes an item the same wherever it is: its elements and indentation
 * depend on the entry alone. So each entry's item is written once per format (`itemXml`), and a
 * document is `feed`'s own document for its first entry with that entry's item replaced by all of
 * theirs. test/render/feed-adapter.test.ts checks that this equals what `feed` writes whole.
 */
export function renderFeedXml(format: XmlFeedFormat, site: Site, scope: FeedScope, entries: readonly FeedEntry[], check?: XmlCheck): string {
  return feedXmlParts(format, site, scope, entries, check).join("");
}

/** renderFeedXml's document as the parts it is assembled from: the shell's head, each item, the shell's tail. */
export function feedXmlParts(format: XmlFeedFormat, site: Site, scope: FeedScope, entries: readonly FeedEntry[], check?: XmlCheck): string[] {
  if (entries.length === 0) return [feedShell(format, site, scope, NO_ITEMS, check)[0]];
  const needs = { content: entries.some((entry) => entry.contentHtml), image: entries.some((entry) => entry.image) };
  const shell = feedShell(format, site, scope, needs, check);
  return [shell[0], ...entries.map((entry) => itemXml(format, entry, check)), shell[1]!];
}

/**
 * The document `feed` writes for these entries without its items: its head and its tail, between
 * which the entries' items go, in order (itemXml); the whole document when there are none.
 *
 * The shell is `feed`'s document for one stand-in entry, cut around that entry's item: what a
 * shell holds depends on its entries only through the namespaces they need (RSS declares
 * content:encoded's when an item has content, Media RSS's when one has a photo), and the stand-in
 * needs the same ones. test/render/feed-assembly.test.ts checks that head, items and tail equal
 * what `feed` writes whole.
 */
export function feedShell(format: XmlFeedFormat, site: Site, scope: FeedScope, needs: ShellNeeds | typeof NO_ITEMS, check?: ShellCheck): [string] | [string, string] {
  if (needs === NO_ITEMS) {
    const whole = renderWhole(format, site, scope, []);
    check?.(whole);
    return [whole];
  }
  const { content: withContent, image: withImage } = needs;
  const alone = renderWhole(format, site, scope, [STAND_IN[withContent ? 1 : 0]![withImage ? 1 : 0]!], withImage);
  check?.(alone);
  const [start, end] = itemSpan(format, alone);
  return [alone.slice(0, start), alone.slice(end)];
}

/** What a shell's items need declared: whether any has content, whether any has a photo. */
export interface ShellNeeds {
  content: boolean;
  image: boolean;
}

/** A feed document without items: the shell is the whole document. */
export const NO_ITEMS = "no items";

/** An entry for a shell to be cut around, by whether it has content and a photo. */
const STAND_IN: readonly (readonly FeedEntry[])[] = [false, true].map((content) =>
  [false, true].map((photo) => ({
    title: "stand-in",
    url: "https://items.invalid/stand-in",
    published: new Date(0),
    updated: new Date(0),
    author: "stand-in",
    tags: [],
    summaryHtml: "stand-in",
    contentHtml: content ? "stand-in" : "",
    image: photo ? { url: "https://items.invalid/stand-in.jpg", width: 1, height: 1, type: "image/jpeg", byteLength: 1, sources: [], alt: "" } : undefined,
  })),
);

/**
 * Checks a document the adapter wrote (the build parses it: src/build/check-feeds.ts). Given to
 * renderFeedXml, it sees each document's shell and, once per entry, the document of that entry
 * alone, rather than every assembled document: an item is one element, complete in itself, and a
 * shell declares every namespace prefix its items use (its item has content when any has, and
 * dc: is declared wherever it occurs), so if the shell and each item's own document are
 * well-formed, so is the document assembled from them. An item's document comes as a BodySplit
 * when its body could be given apart.
 */
export type XmlCheck = (xml: string | BodySplit) => void;

/** What checks a shell: a whole document. */
export type ShellCheck = (xml: string) => void;

/**
 * A document whose content (the article's body, in CDATA sections) is given apart from the rest:
 * the document is `head + body + tail`, where `body` is the CDATA sections exactly as `feed`
 * wrote them; `head + "<![CDATA[" + standIn + "]]>" + tail` is the document `feed` writes for
 * the same entry with `standIn` (plain text) as its content. A check can read the short document
 * and the body's characters instead of the whole (src/build/check-feeds.ts says when that is the
 * same).
 */
export interface BodySplit {
  head: string;
  body: string;
  tail: string;
  standIn: string;
  /**
   * Where the document's one item is, when it has one: it starts at `head[start]` and ends
   * before `tail[end]`; around it is the same for many items, so a check may read that once.
   */
  item?: { start: number; end: number } | undefined;
}

/** `feed`'s whole document for these entries, corrected. */
export function renderWhole(format: XmlFeedFormat, site: Site, scope: FeedScope, entries: readonly FeedEntry[], withMedia = entries.some((entry) => entry.image)): string {
  return withFeedHistory(corrected(format, written(format, newFeed(site, scope, format), entries), withMedia), site, scope, format);
}

/** What `feed` writes for these entries, before the corrections. */
function written(format: XmlFeedFormat, feed: Feed, entries: readonly FeedEntry[]): string {
  for (const entry of entries) feed.addItem(format === "rss" ? rssItem(entry) : atomItem(entry));
  return format === "rss" ? feed.rss2() : feed.atom1();
}

/** A document `feed` wrote, with the adapter's corrections but RFC 5005's links (which an item's own document has none of). */
function corrected(format: XmlFeedFormat, xml: string, withMedia: boolean): string {
  return withEscapedAttributes(format === "rss" ? withMediaRss(withDublinCore(xml), withMedia) : withJpegEnclosures(xml));
}

/**
 * One entry's item (RSS) or entry (Atom) as `feed` writes it in any document, with the line break
 * and indentation before it: cut from a document holding that entry alone, once per entry object.
 */
export function itemXml(format: XmlFeedFormat, entry: FeedEntry, check?: XmlCheck): string {
  let items = ITEMS.get(entry);
  if (!items) ITEMS.set(entry, (items = {}));
  let item = items[format];
  if (item === undefined || (check && !item.checked)) {
    const { whole, split } = itemDocument(format, entry);
    check?.(split ?? whole);
    const [start, end] = itemSpan(format, whole);
    item = items[format] = { xml: whole.slice(start, end), checked: check !== undefined };
  }
  return item.xml;
}

const ITEMS = new WeakMap<FeedEntry, Partial<Record<XmlFeedFormat, { xml: string; checked: boolean }>>>();

/**
 * The document of one entry alone: renderWhole's, byte for byte, and, when its content could be
 * given apart, that document split around it (BodySplit).
 *
 * xml-js takes time over every element and copies an article's body at every level (js2xml
 * joins each element's parts into a new string), the corrections' expressions would read the
 * body too, and so would the check; so `feed` writes the document with a short stand-in for the
 * content, the corrections run on that, and the body's CDATA sections are put in the stand-in's
 * place. test/render/feed-assembly.test.ts compares this with renderWhole for hostile content.
 *
 * Written so, the document is the same: `feed` passes an item's content to xml-js only as
 * `{ _cdata: content }` (and tests it only for being empty, which the stand-in is not), and
 * xml-js writes a `_cdata` value as `"<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") +
 * "]]>"` (writeCdata in xml-js/lib/js2xml.js), nothing else depending on it. And the
 * corrections do to the document with the body what they do to it with the stand-in
 * (commutesWithCorrections), so they may run before the body is put in.
 */
function itemDocument(format: XmlFeedFormat, entry: FeedEntry): { whole: string; split?: BodySplit } {
  const withMedia = Boolean(entry.image);
  const whole = () => ({ whole: corrected(format, written(format, itemFeed(), [entry]), withMedia) });
  const standInXml = aloneXml(format, entry);
  if (!entry.contentHtml) return { whole: corrected(format, standInXml, withMedia) };
  const at = onlyIndexOf(standInXml, STAND_IN_CDATA);
  if (at === undefined) return whole();
  const body = xmlJsCdata(cdataSafe(entry.contentHtml));
  if (!commutesWithCorrections(format, standInXml.slice(0, at), body)) {
    return { whole: corrected(format, standInXml.slice(0, at) + body + standInXml.slice(at + STAND_IN_CDATA.length), withMedia) };
  }
  const standIn = corrected(format, standInXml, withMedia);
  const cut = onlyIndexOf(standIn, STAND_IN_CDATA)!;
  const head = standIn.slice(0, cut);
  const tail = standIn.slice(cut + STAND_IN_CDATA.length);
  const [start, end] = itemSpan(format, standIn);
  const item = start <= cut && end >= cut + STAND_IN_CDATA.length ? { start, end: end - cut - STAND_IN_CDATA.length } : undefined;
  return { whole: head + body + tail, split: { head, body, tail, standIn: STAND_IN_BODY, item } };
}

/**
 * What `feed` writes for the entry alone, with the stand-in for its content when it has any:
 * written with others ahead of time (writeItems) or now.
 */
function aloneXml(format: XmlFeedFormat, entry: FeedEntry): string {
  const ahead = WRITTEN.get(entry);
  const xml = ahead?.[format];
  if (xml === undefined) return written(format, itemFeed(), [withStandIn(entry)]);
  ahead![format] = undefined;
  return xml;
}

function withStandIn(entry: FeedEntry): FeedEntry {
  return entry.contentHtml ? { ...entry, contentHtml: STAND_IN_BODY } : entry;
}

/**
 * Writes the items of these entries (those not written yet) ahead of itemXml, in one `feed`
 * document per format rather than one per entry: `feed` and xml-js spend about as long on a
 * document's own parts (the options, the declaration, the channel) as on an item, so a worker
 * writes each batch of articles' items together (src/build/article-pool.ts). itemXml then
 * finds, for each entry, the document `feed` writes for it alone, assembled from its item and
 * the item channel's document cut around an item (itemShell); everything after that is as
 * when it writes the entry alone.
 *
 * An item is cut where `feed` starts and ends it. Each item `feed` writes starts with the line
 * break and indentation before its start tag and ends with its end tag (itemSpan), and the
 * document holds one item per entry, in order; so when the document holds exactly as many of
 * each of those two texts as it has entries, none occurs inside an item or around the items, and
 * the k-th of each bound the k-th item. Otherwise (a text that holds them; the channel's never
 * does) nothing is written ahead, and each entry is written alone. test/render/feed-assembly.test.ts
 * compares the items and the documents the check is given with those of entries written alone.
 */
export function writeItems(entries: readonly FeedEntry[]): void {
  for (const format of ["rss", "atom"] as const) {
    const pending = [...new Set(entries)].filter((entry) => ITEMS.get(entry)?.[format] === undefined && WRITTEN.get(entry)?.[format] === undefined);
    if (pending.length < 2) continue;
    const items = cutItems(format, written(format, itemFeed(), pending.map(withStandIn)), pending.length);
    if (!items) continue;
    pending.forEach((entry, i) => {
      const [head, tail] = itemShell(format, entry.contentHtml !== "");
      let ahead = WRITTEN.get(entry);
      if (!ahead) WRITTEN.set(entry, (ahead = {}));
      ahead[format] = head + items[i]! + tail;
    });
  }
}

/** Each entry's document as `feed` writes it alone (with a stand-in for its content), written ahead by writeItems until itemXml takes it. */
const WRITTEN = new WeakMap<FeedEntry, Partial<Record<XmlFeedFormat, string | undefined>>>();

/** The `count` items of a document `feed` wrote, if it holds exactly that many starts and ends of items (writeItems). */
function cutItems(format: XmlFeedFormat, xml: string, count: number): string[] | undefined {
  const [open, close] = ITEM_BOUNDS[format];
  const starts = occurrences(xml, open);
  const ends = occurrences(xml, close);
  if (starts.length !== count || ends.length !== count) return undefined;
  const items: string[] = [];
  for (let k = 0; k < count; k++) {
    if (ends[k]! < starts[k]! || (k > 0 && starts[k]! < ends[k - 1]! + close.length)) return undefined;
    items.push(xml.slice(starts[k], ends[k]! + close.length));
  }
  return items;
}

function occurrences(text: string, part: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(part); at !== -1; at = text.indexOf(part, at + part.length)) found.push(at);
  return found;
}

/**
 * The document of the item channel (itemFeed) for one entry, without its item: what comes
 * before and after any entry's item in the document `feed` writes for that entry alone. As with
 * feedShell, it depends on the entry only through the namespaces `feed` declares for it: RSS's
 * root declares content:encoded's (and dc:) when the item has content; the corrections, which
 * add others, come after.
 */
function itemShell(format: XmlFeedFormat, content: boolean): readonly [string, string] {
  const key = `${format} ${content}`;
  let shell = ITEM_SHELLS.get(key);
  if (!shell) {
    const alone = written(format, itemFeed(), [withStandIn(STAND_IN[content ? 1 : 0]![0]!)]);
    const [start, end] = itemSpan(format, alone);
    ITEM_SHELLS.set(key, (shell = [alone.slice(0, start), alone.slice(end)]));
  }
  return shell;
}

const ITEM_SHELLS = new Map<string, readonly [string, string]>();

/**
 * Whether the corrections do to `before + body + after` exactly what they do to `before +
 * stand-in + after`, leaving `body` as it is, where `before` is what `feed` wrote before the
 * content's CDATA (ending with the content's start tag, ">") and `body` is CDATA sections (ending
 * with "]]>"). withEscapedAttributes' pattern starts with U+FFFF: none in the body, none starts in
 * it, and none before it reaches into it (its two hexadecimal digits cannot be the body's "<!").
 * RSS: withDublinCore changes nothing when the root's start tag, in `before`, declares dc: (which
 * `feed` does for an item with content), and withMediaRss inserts after the first `<rss`, the
 * root's, in `before`. Atom: withJpegEnclosures' pattern holds `rel="enclosure"`: none in the
 * body, none starts in it; one starting before it stops at the first quote after its href=" (its
 * fixed text holds no ">", so it cannot pass the end of `before` otherwise), which `before` must
 * hold. Every match is then in `before` or `after`, as in the stand-in's document.
 */
function commutesWithCorrections(format: XmlFeedFormat, before: string, body: string): boolean {
  if (!before.endsWith(">") || body.includes(ESCAPE)) return false;
  if (format === "rss") return DECLARES_DUBLIN_CORE.test(before) && RSS_ROOT.test(before);
  if (body.includes('rel="enclosure"')) return false;
  const link = before.lastIndexOf(ENCLOSURE_LINK);
  return link === -1 || before.lastIndexOf('"') >= link + ENCLOSURE_LINK.length;
}

/** Plain text, in one CDATA section, that stands in for an item's content while `feed` writes it. */
const STAND_IN_BODY = "edgefeed stand-in body";
const STAND_IN_CDATA = `<![CDATA[${STAND_IN_BODY}]]>`;

/** Where `part` occurs in `text` if it occurs exactly once. */
function onlyIndexOf(text: string, part: string): number | undefined {
  const at = text.indexOf(part);
  return at !== -1 && text.indexOf(part, at + 1) === -1 ? at : undefined;
}

/** A `_cdata` value as xml-js 1.6.11 writes it (writeCdata in lib/js2xml.js, without a cdataFn). */
function xmlJsCdata(value: string): string {
  return `<![CDATA[${value.replace("]]>", "]]]]><![CDATA[>")}]]>`;
}

/**
 * Where the only item of a document is: from the line break before its start tag to its end tag.
 * Nothing before the items can hold the start tag (the channel's text is escaped) and nothing after
 * them but the closing tags of the channel or feed, which `feed` writes last.
 */
function itemSpan(format: XmlFeedFormat, xml: string): [start: number, end: number] {
  const [open, close] = ITEM_BOUNDS[format];
  const start = xml.indexOf(open);
  const end = xml.lastIndexOf(close);
  if (start === -1 || end < start) throw new Error(`feed wrote no ${format} item where the adapter expects one`);
  return [start, end + close.length];
}

/** How `feed` starts an item (with the line break and indentation before it) and ends it. */
const ITEM_BOUNDS: Readonly<Record<XmlFeedFormat, readonly [open: string, close: string]>> = {
  rss: ["\n        <item>", "</item>"],
  atom: ["\n    <entry>", "</entry>"],
};

/**
 * The channel of a document written for one item: the least `feed` writes, as an item's XML
 * depends on its entry alone and xml-js takes time over every element (and the build's check
 * reads this channel once per item): no copyright, no generator (`false` leaves it out), a fixed
 * date so the document is the same at every build. Its text is plain and its elements
 * unprefixed, so it is well-formed and binds nothing an item could use: an item reads the same
 * in it as in any other channel.
 */
function itemFeed(): Feed {
  return new Feed({ id: "items", title: "items", updated: new Date(0), generator: false });
}

/** The Feed History namespace of RFC 5005 §6. */
export const FEED_HISTORY_NS = "http://purl.org/syndication/history/1.0";

const DUBLIN_CORE_NS = "http://purl.org/dc/elements/1.1/";

/** Media RSS (https://www.rssboard.org/media-rss), read by Feedly, Inoreader and most readers for an item's picture. */
export const MEDIA_RSS_NS = "http://search.yahoo.com/mrss/";

/** The channel-level options shared by the RSS and Atom documents, all absolute and content-derived. */
function newFeed(site: Site, scope: FeedScope, format: XmlFeedFormat): Feed {
  const { feed } = scope;
  return new Feed({
    id: feed.id,
    title: xmlText(feed.title),
    // Readers take an RSS description for HTML, the channel's as well as an item's (RSS 2.0 allows
    // entity-encoded HTML there), so the channel's plain text is escaped as HTML first; a topic's
    // description quotes its tag, which may hold "<".
    description: xmlText(format === "rss" ? escapeHtml(feed.description) : feed.description),
    link: feed.homeUrl,
    language: site.language,
    favicon: site.icon,
    copyright: xmlText(`© ${site.publisher.name}`),
    updated: lastUpdated(scope.articles),
    generator: "edgefeed",
    feed: absoluteUrl(site.url, scope.self[format]),
    author: { name: xmlText(site.publisher.name), link: site.publisher.url },
    // WebSub topics are the subscription documents; archives never change, so nobody subscribes to them.
    ...(site.hub && !scope.archived ? { hub: site.hub } : {}),
  });
}

/** RSS 2.0 with full content in `content:encoded`, a self link, and `dc:creator` for authors. */
function rssItem(entry: FeedEntry): Item {
  return {
    title: entry.title,
    link: entry.url,
    date: entry.updated,
    published: entry.published,
    description: cdataSafe(entry.summaryHtml),
    content: cdataSafe(entry.contentHtml),
    category: entry.tags.map((name) => ({ name: xmlText(name) })),
    extensions: [
      // `feed` writes an RSS title as CDATA, which readers take for HTML (the W3C validator warns
      // "title should not contain HTML"); an extension of the same name replaces it with text.
      { name: "title", objects: { _text: xmlText(entry.title) } },
      // RSS's own <author> must be an e-mail address (the W3C validator rejects a bare name);
      // Dublin Core's creator is the form readers understand for a name alone.
      { name: "dc:creator", objects: { _text: xmlText(entry.author) } },
      ...(entry.image ? [{ name: "media:content", objects: mediaContent(entry.image) }] : []),
    ],
    // RSS 2.0 requires an enclosure's url, length (in bytes) and type: only a photo the build
    // holds has all three; a remote picture still gets its media:content.
    ...(entry.image?.type && entry.image.byteLength !== undefined
      ? { enclosure: { url: entry.image.url, type: entry.image.type, length: entry.image.byteLength } }
      : {}),
  };
}

/**
 * The lead photo as Media RSS: `media:content` with its size and type, the caption (or, without
 * one, the alt text) as `media:description`, and `media:credit`.
 */
function mediaContent(photo: Photo): Record<string, unknown> {
  const description = photo.caption ?? photo.alt;
  return {
    _attributes: {
      url: extensionAttribute(photo.url),
      medium: "image",
      ...(photo.type ? { type: photo.type } : {}),
      ...(photo.byteLength !== undefined ? { fileSize: photo.byteLength } : {}),
      width: photo.width,
      height: photo.height,
    },
    ...(description ? { "media:description": { _attributes: { type: "plain" }, _text: xmlText(description) } } : {}),
    ...(photo.credit ? { "media:credit": { _text: xmlText(photo.credit) } } : {}),
  };
}

/** Atom 1.0 (RFC 4287) with full content, per-entry published and updated times, and authors. */
function atomItem(entry: FeedEntry): Item {
  return {
    // `feed` marks Atom titles type="html" whatever they hold; RFC 4287 §3.1.1.2 says such text is
    // escaped HTML, so plain text must be escaped once more to arrive as itself ("<" as "&lt;").
    title: cdataSafe(escapeHtml(entry.title)),
    link: entry.url,
    date: entry.updated,
    published: entry.published,
    description: cdataSafe(entry.summaryHtml),
    content: cdataSafe(entry.contentHtml),
    author: [{ name: xmlText(entry.author) }],
    category: entry.tags.map((tag) => ({ name: xmlAttribute(tag), term: xmlAttribute(tag) })),
    // RFC 4287 §4.2.7.2: rel="enclosure", with the length where it is known. `feed` derives the
    // type from the URL's extension (withJpegEnclosures corrects .jpg), so a picture whose
    // extension names no type gets no enclosure.
    ...(entry.image?.type ? { enclosure: { url: entry.image.url, ...(entry.image.byteLength !== undefined ? { length: entry.image.byteLength } : {}) } } : {}),
  };
}

/**
 * Text for an xml-js text node. Its writer first turns every `&amp;` back into `&` (to avoid
 * "double sanitization") and then escapes `&`, `<` and `>`, so a literal "&amp;" in a name would
 * reach readers as "&". Doubling every `&` first makes the round trip exact.
 */
function xmlText(text: string): string {
  return text.replaceAll("&", "&amp;");
}

/**
 * U+FFFF is refused in every field and removed from bodies (src/build/xml-characters.ts), so it
 * never occurs in content: it introduces a character reference that the serialised document gets
 * in `withEscapedAttributes`.
 */
const ESCAPE = "\uFFFF";
const ESCAPED = /\uFFFF([0-9A-F]{2})/g;

const ENCLOSURE_LINK = '<link rel="enclosure" href="';

/**
 * Text for an attribute value. `feed` escapes only `&` in attributes and xml-js only `"`, so a
 * `<` (tag "R&D <lab>") makes the document not well-formed; tab, line feed and carriage return
 * would be read as spaces (XML 1.0 §3.3.3 attribute-value normalization). They are written as
 * character references instead.
 */
function xmlAttribute(text: string): string {
  return text.replace(/[<\t\n\r]/g, (c) => `${ESCAPE}${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

/**
 * An attribute of an extension element, which `feed` hands to xml-js untouched: xml-js escapes
 * only `"` there, so `&` (in a URL's query) is escaped here as well.
 */
function extensionAttribute(text: string): string {
  return xmlAttribute(text.replaceAll("&", "&amp;"));
}

function withEscapedAttributes(xml: string): string {
  return xml.includes(ESCAPE) ? xml.replace(ESCAPED, "&#x$1;") : xml;
}

/**
 * xml-js ends a CDATA section at the first `]]>` it finds (String.replace without /g) but leaves
 * every later one in place, so a second `]]>` would end the section early (jpmonette/feed#206
 * family). Every occurrence after the first is split here; xml-js then splits the first.
 */
function cdataSafe(text: string): string {
  const first = text.indexOf("]]>");
  if (first === -1) return text;
  const head = text.slice(0, first + 3);
  return head + text.slice(first + 3).replaceAll("]]>", "]]]]><![CDATA[>");
}

/**
 * `feed` declares the Dublin Core namespace only when an item has content, but writes our
 * `dc:creator` regardless: an item without content would leave the prefix unbound and the
 * document not well-formed (Namespaces in XML 1.0 §5). Declared on the root whenever it is used.
 */
function withDublinCore(xml: string): string {
  if (!xml.includes("<dc:") || DECLARES_DUBLIN_CORE.test(xml)) return xml;
  return xml.replace(RSS_ROOT, `$& xmlns:dc="${DUBLIN_CORE_NS}"`);
}

const DECLARES_DUBLIN_CORE = /<rss\b[^>]*\sxmlns:dc=/;
const RSS_ROOT = /<rss\b/;

/** Declares the Media RSS prefix on the root when an item uses it (Namespaces in XML 1.0 §5). */
function withMediaRss(xml: string, used: boolean): string {
  return used ? xml.replace(RSS_ROOT, `$& xmlns:media="${MEDIA_RSS_NS}"`) : xml;
}

/**
 * `feed` writes an Atom enclosure's type as "image/" + the URL's extension, which for .jpg is
 * image/jpg, not a registered type (RFC 2046; JPEG is image/jpeg). Only its own enclosure links
 * have this exact shape: article text is inside CDATA, where the sanitizer escaped every quote.
 */
function withJpegEnclosures(xml: string): string {
  return xml.replace(/(<link rel="enclosure" href="[^"]*" type=")image\/jpg"/g, '$1image/jpeg"');
}

/**
 * Adds RFC 5005 archive markup, which `feed` has no option for: `fh:archive` on archive documents
 * (§4), and `prev-archive`, `next-archive` and `current` links (§4; in RSS as atom:link, per
 * Appendix B). Each is inserted right after the channel's (RSS) or feed's (Atom) start tag, the
 * first of its name in the document, before any content, so no article text can be mistaken for it.
 */
function withFeedHistory(xml: string, site: Site, scope: FeedScope, format: XmlFeedFormat): string {
  const links: [string, FeedPaths | undefined][] = [
    ["current", scope.current],
    ["prev-archive", scope.prevArchive],
    ["next-archive", scope.nextArchive],
  ];
  const [indent, link] = format === "rss" ? ["\n        ", "atom:link"] : ["\n    ", "link"];
  const type = FEED_FORMAT[format].mediaType;
  const elements = links.flatMap(([rel, paths]) =>
    paths ? [`<${link} rel="${rel}" type="${type}" href="${escapeHtml(absoluteUrl(site.url, paths[format]))}"/>`] : [],
  );
  if (scope.archived) elements.unshift("<fh:archive/>");
  if (elements.length === 0) return xml;
  const head = format === "rss" ? /<channel>/ : /<feed\b[^>]*>/;
  const root = format === "rss" ? /<rss\b/ : /<feed\b/;
  const withNamespace = scope.archived ? xml.replace(root, `$& xmlns:fh="${FEED_HISTORY_NS}"`) : xml;
  return withNamespace.replace(head, (tag) => tag + elements.map((element) => indent + element).join(""));
}
