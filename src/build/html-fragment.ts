import { decodeHTMLStrict } from "entities";
import { defaultTreeAdapter as tree, html as spec, parseFragment, type DefaultTreeAdapterTypes as Dom } from "parse5";

/**
 * An article body's HTML as parse5 parses it in a <body> (HTML §13.2.4.3, fragment parsing; the
 * "in body" insertion mode, §13.2.6.4.7), the tree src/build/sanitize.ts walks.
 *
 * Most bodies are in the plain form Markdown writes: every element closed by its own end tag, in
 * order, quoted attributes, a few character references. For such markup the tree the HTML
 * algorithm builds is the nesting as written, and reading it takes a fraction of what running
 * the WHATWG tokenizer character by character costs (more than the rest of the article's
 * rendering together). `plainFragment` accepts only markup where that holds, proven rule by rule
 * below; anything else (a comment, an end tag left out or out of order, a paragraph holding a
 * block, a table part out of its place, a reference it does not know) goes to parse5 whole, so
 * the tree is always the one parse5 builds.
 */
export function parseBodyFragment(html: string): Dom.ChildNode[] {
  return plainFragment(html) ?? parseFragment(BODY, html, {}).childNodes;
}

/** The context the body is parsed in: a <body>, where a stray <td> is ignored as in a page. */
const BODY = tree.createElement("body", spec.NS.HTML, []);

/**
 * Elements whose start tag closes an open <p> (the "in body" rules for address...ul, h1–h6, pre,
 * li, dd, dt and hr): accepted only while no <p> is open, so none is closed early.
 */
const CLOSES_P = new Set(
  "address article aside blockquote center details dir div dl fieldset figcaption figure footer header hgroup main menu nav ol p section summary ul h1 h2 h3 h4 h5 h6 pre li dd dt hr table".split(" "),
);

/** The element each table part must be the child of, as Markdown writes tables (no caption, no colgroup, no row outside a body). */
const TABLE_PARENT: Partial<Record<string, readonly string[]>> = {
  thead: ["table"], tbody: ["table"], tfoot: ["table"], tr: ["thead", "tbody", "tfoot"], td: ["tr"], th: ["tr"],
};

/** A table, body or row: where the table insertion modes, not "in body", read the next token. */
function isTablePart(node: Dom.ParentNode): boolean {
  return "tagName" in node && (node.tagName === "table" || node.tagName === "thead" || node.tagName === "tbody" || node.tagName === "tfoot" || node.tagName === "tr");
}

/**
 * The formatting elements (§13.2.4.3, the list of active formatting elements) accepted here:
 * closed in order, each is removed from that list by its own end tag, so the list never holds an
 * element that has to be reconstructed. A second <a> inside an open one runs the adoption
 * agency: not accepted. <nobr> has rules of its own: not accepted.
 */
const FORMATTING = new Set("a b big code em font i s small strike strong tt u".split(" "));

/** Elements "any other start tag" inserts as they are. */
const ORDINARY = new Set("span abbr cite kbd samp var dfn q sub sup del ins time data bdi bdo mark".split(" "));

/** Void elements accepted (§13.1.2): inserted and popped at once, never given an end tag. */
const VOID = new Set(["br", "img", "wbr", "hr"]);

const HEADINGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6"]);

/** A start or end tag with only well-formed attributes, at the position the reader is at. */
const TAG =
  /<(\/?)([A-Za-z][A-Za-z0-9]*)((?:[\t\n\f ]+[A-Za-z_:][-A-Za-z0-9_.:]*(?:[\t\n\f ]*=[\t\n\f ]*(?:"[^"]*"|'[^']*'|[^\t\n\f >"'<=`&]+))?)*)[\t\n\f ]*(\/?)>/y;
const ATTRIBUTE = /[\t\n\f ]+([A-Za-z_:][-A-Za-z0-9_.:]*)(?:[\t\n\f ]*=[\t\n\f ]*(?:"([^"]*)"|'([^']*)'|([^\t\n\f >"'<=`&]+)))?/g;

/** The tree as written, or undefined when the HTML algorithm might build another one. */
export function plainFragment(html: string): Dom.ChildNode[] | undefined {
  // The input stream's preprocessing (§13.2.3.5) turns CR into LF, and the tokenizer drops NUL in text.
  if (html.includes("\r") || html.includes("\0")) return undefined;
  const root = tree.createDocumentFragment();
  const stack: Dom.ParentNode[] = [root];
  let openParagraphs = 0;
  let openLinks = 0;
  let afterPre = false;
  let at = 0;
  while (at < html.length) {
    const lt = html.indexOf("<", at);
    const end = lt === -1 ? html.length : lt;
    if (end > at) {
      let text = decodeText(html.slice(at, end));
      if (text === undefined) return undefined;
      // A newline right after <pre> is not content (the "in body" rule for pre).
      if (afterPre && text.startsWith("\n")) text = text.slice(1);
      if (afterPre && html[at] === "&") return undefined;
      // In a table, outside its cells, only white space stays where it is written (§13.2.6.4.10, "in table text"); other text is moved out before the table.
      if (isTablePart(stack.at(-1)!) && !/^[\t\n\f ]*$/.test(text)) return undefined;
      if (text) tree.insertText(stack.at(-1)!, text);
    }
    afterPre = false;
    if (lt === -1) break;
    TAG.lastIndex = lt;
    const match = TAG.exec(html);
    if (!match) return undefined;
    at = TAG.lastIndex;
    const [, slash, written, attributeText, selfClosing] = match;
    const name = written!.toLowerCase();
    const current = stack.at(-1)!;
    if (slash) {
      // An end tag closes the current node and nothing else; one with attributes is an error parse5 ignores silently.
      if (attributeText || selfClosing || VOID.has(name) || !("tagName" in current) || current.tagName !== name) return undefined;
      stack.pop();
      if (name === "p") openParagraphs--;
      if (name === "a") openLinks--;
      continue;
    }
    if (!(CLOSES_P.has(name) || FORMATTING.has(name) || ORDINARY.has(name) || VOID.has(name) || TABLE_PARENT[name])) return undefined;
    // A table's parts only in their places: a body in a table, a row in a body, a cell in a row; and
    // nothing else between them, which the table modes would move out of the table or use to close it.
    const parents = TABLE_PARENT[name];
    if (parents ? !("tagName" in current) || !parents.includes(current.tagName) : isTablePart(current)) return undefined;
    // A self-closing flag on a non-void element is ignored by HTML: the element stays open.
    if (selfClosing && !VOID.has(name)) return undefined;
    if (CLOSES_P.has(name) && openParagraphs > 0) return undefined;
    // A heading directly in a heading closes it.
    if (HEADINGS.has(name) && "tagName" in current && HEADINGS.has(current.tagName)) return undefined;
    // An item closes an open item of its kind unless a special element other than address, div or p stands between.
    if ((name === "li" || name === "dd" || name === "dt") && closesOpenItem(stack, name === "li" ? LIST_ITEMS : DESCRIPTIONS)) return undefined;
    if (name === "a" && openLinks > 0) return undefined;
    const attributes = attributeList(attributeText!);
    if (!attributes) return undefined;
    const element = tree.createElement(name, spec.NS.HTML, attributes);
    tree.appendChild(current, element);
    if (VOID.has(name)) continue;
    stack.push(element);
    if (name === "p") openParagraphs++;
    if (name === "a") openLinks++;
    afterPre = name === "pre";
  }
  // An element left open at the end is closed by the end of input, as parse5 does; kept strict all the same.
  return stack.length === 1 ? root.childNodes : undefined;
}

const LIST_ITEMS = new Set(["li"]);
const DESCRIPTIONS = new Set(["dd", "dt"]);

function closesOpenItem(stack: readonly Dom.ParentNode[], items: ReadonlySet<string>): boolean {
  for (let i = stack.length - 1; i > 0; i--) {
    const node = stack[i]!;
    if (!("tagName" in node)) return false;
    if (items.has(node.tagName)) return true;
    if (isSpecial(node.tagName) && node.tagName !== "address" && node.tagName !== "div" && node.tagName !== "p") return false;
  }
  return false;
}

function isSpecial(tagName: string): boolean {
  return spec.SPECIAL_ELEMENTS[spec.NS.HTML].has(spec.getTagID(tagName));
}

/** The attributes in order, names lowercased, a repeated name ignored (as the tokenizer does), values decoded. */
function attributeList(text: string): Dom.Element["attrs"] | undefined {
  const attributes: Dom.Element["attrs"] = [];
  if (!text) return attributes;
  for (const [, written, doubleQuoted, singleQuoted, unquoted] of text.matchAll(ATTRIBUTE)) {
    const name = written!.toLowerCase();
    const value = decodeText(doubleQuoted ?? singleQuoted ?? unquoted ?? "");
    if (value === undefined) return undefined;
    if (!attributes.some((a) => a.name === name)) attributes.push({ name, value });
  }
  return attributes;
}

/**
 * Text with its character references decoded, accepting only those that read the same in text
 * and in attribute values whatever follows them: a name HTML defines, with its semicolon, or a
 * number, with its semicolon, of a character that needs no replacement (§13.2.5.80: not NUL, a
 * surrogate, a control or out of range). An ampersand before anything that could start a
 * reference otherwise returns undefined; before anything else it is an ampersand.
 */
function decodeText(text: string): string | undefined {
  if (!text.includes("&")) return text;
  let out = "";
  let from = 0;
  for (let amp = text.indexOf("&"); amp !== -1; amp = text.indexOf("&", amp + 1)) {
    REFERENCE.lastIndex = amp;
    const match = REFERENCE.exec(text);
    if (!match) {
      if (/[A-Za-z0-9#]/.test(text[amp + 1] ?? "")) return undefined;
      continue;
    }
    const [reference, name, decimal, hex] = match;
    let character: string | undefined;
    if (name !== undefined) {
      character = decodeHTMLStrict(reference);
      if (character === reference) return undefined;
    } else {
      const code = decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex!, 16);
      if (!plainCodePoint(code)) return undefined;
      character = String.fromCodePoint(code);
    }
    out += text.slice(from, amp) + character;
    from = amp + reference.length;
    amp = from - 1;
  }
  return out + text.slice(from);
}

const REFERENCE = /&(?:([A-Za-z][A-Za-z0-9]{0,31});|#([0-9]{1,7});|#[xX]([0-9A-Fa-f]{1,6});)/y;

/** A code point a numeric reference gives as it is: tab, line feed, or no control, surrogate or out-of-range number. */
function plainCodePoint(code: number): boolean {
  if (code === 0x09 || code === 0x0a) return true;
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return false;
  return code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
}
