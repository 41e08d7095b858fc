import type { DefaultTreeAdapterTypes as Dom } from "parse5";
import type { Photo } from "../model.ts";
import { COLUMN_SIZES, srcset } from "../render/photo.ts";
import { parseBodyFragment } from "./html-fragment.ts";
import { isRemote } from "./photo-references.ts";
import { mayHoldForbiddenCharacters, withoutForbiddenCharacters, withWindows1252Characters } from "./xml-characters.ts";

/**
 * An article body's HTML as every output embeds it: parsed once by a spec-compliant HTML5 tree
 * builder (parse5, the WHATWG parsing algorithm, so misnested and stray tags are repaired exactly
 * as browsers repair them), reduced to an allowlist, fixed where the tree the parser builds is
 * still not valid HTML (content models the parser does not enforce), and serialized.
 *
 * Nothing that runs, embeds, submits or styles survives: script, style, iframe, object, form
 * controls, SVG and MathML are removed with their content; event handlers, `style` and unknown
 * attributes are dropped; URLs are made absolute against the article's URL and kept only with
 * http(s) (plus mailto: and tel: for links). Page structure written into a body (main, nav,
 * header, footer, aside, section, article) is unwrapped, keeping its content, so a page has one
 * of each. Headings start at h2 (the page's h1 is the headline: a body that uses h1 moves every
 * heading one level down) and never skip a level.
 *
 * docs/content.md lists what is kept, changed and removed, for authors.
 */
export function sanitizeBody(html: string, baseUrl: string, photo: PhotoLookup = () => undefined): SanitizedBody {
  const fragment = parseBodyFragment(html);
  // A body that uses h1 has its whole outline one level down (# A / ## B stays a parent and a child), since the page's h1 is the headline.
  const shift = usesH1(fragment) ? 1 : 0;
  const state: WalkState = { baseUrl, previousRank: 1, removedCharacters: false, photo, headerCells: 0, captions: 0, links: 0, shift };
  const nodes = children(fragment, FLOW, state);
  return { html: serialize(fixChildren(ROOT, nodes)).trim(), removedCharacters: state.removedCharacters };
}

export interface SanitizedBody {
  html: string;
  /** Whether characters that no feed can carry were removed (see xml-characters.ts). */
  removedCharacters: boolean;
}

/** The sanitized tree: elements with their kept attributes, and text. */
type Node = Element | string;
interface Element {
  tag: string;
  attrs: [string, string][];
  children: Node[];
}

/**
 * The photo an <img> of the body stands for (src/build/photo-references.ts), or undefined when it
 * is not one (the lookup has reported why): a local picture is then left out, a remote one kept
 * as the author wrote it.
 */
export type PhotoLookup = (img: ImageAttributes) => Photo | undefined;

/** An <img> as the author wrote it. */
export interface ImageAttributes {
  src: string;
  alt?: string | undefined;
  width?: string | undefined;
  height?: string | undefined;
}

interface WalkState {
  baseUrl: string;
  photo: PhotoLookup;
  /** The rank of the last heading written (1: the page's own h1). */
  previousRank: number;
  removedCharacters: boolean;
  /** How many <th> the walk is in. */
  headerCells: number;
  /** How many table <caption> the walk is in. */
  captions: number;
  /** How many links (an <a> with a URL kept) the walk is in. */
  links: number;
  /** Levels every heading moves down: 1 when the body uses h1. */
  shift: number;
}

/** Where a node sits: in flow content (blocks allowed) or phrasing content only (HTML §3.2.5.2). */
type Context = typeof FLOW | typeof PHRASING;
const FLOW = "flow";
const PHRASING = "phrasing";
const ROOT = "#root";

/** Removed together with everything inside them: what runs, embeds, submits or is not content. */
const REMOVED = new Set(
  ("script style template noscript xmp plaintext textarea select option optgroup datalist button input output meter progress " +
    "iframe frame frameset noframes object embed applet noembed param audio video track source canvas map area svg math " +
    "head title base meta link dialog slot portal").split(" "),
);

/** Flow elements kept as they are (their attributes filtered). */
const FLOW_ELEMENTS = new Set(
  "p h1 h2 h3 h4 h5 h6 blockquote ul ol li dl dt dd pre hr div figure figcaption table caption colgroup col thead tbody tfoot tr th td details summary".split(" "),
);

/** Phrasing elements kept as they are. `a`, `ins` and `del` are transparent: they take their parent's content model. */
const PHRASING_ELEMENTS = new Set(
  "a em strong b i u s small mark abbr cite code kbd samp var dfn q sub sup del ins span time data bdi bdo ruby rp rt br wbr img".split(" "),
);
const TRANSPARENT = new Set(["a", "ins", "del"]);

/**
 * Elements not kept that browsers render as blocks (the HTML standard's rendering section, §15.3.3
 * "Flow content", display: block): unwrapped, their content still starts and ends a block.
 */
const UNWRAPPED_BLOCKS = new Set(
  "main nav header footer aside section article address hgroup search center fieldset legend form menu dir listing".split(" "),
);

/** Flow elements whose own content is phrasing only. */
const PHRASING_CONTAINERS = new Set(["p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "summary", "dt"]);

const HEADINGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6"]);

/** Kept elements html-validate counts as sectioning content, which a header cell may not hold. */
const SECTIONING_FOR_VALIDATOR = new Set(["blockquote", "details"]);

const TABLE_PARTS = new Set(["table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"]);

/** Void elements (HTML §13.1.2): no end tag, no content. */
const VOID = new Set(["br", "wbr", "img", "hr", "col"]);

/** Attributes kept on every kept element. */
const GLOBAL_ATTRIBUTES = new Set(["dir", "lang"]);

/** Attributes kept per element; URL-valued ones are checked in `url`. */
const ATTRIBUTES: Record<string, readonly string[]> = {
  a: ["href", "title", "hreflang"],
  img: ["src", "alt", "title", "width", "height"],
  blockquote: ["cite"],
  q: ["cite"],
  del: ["cite", "datetime"],
  ins: ["cite", "datetime"],
  time: ["datetime"],
  data: ["value"],
  abbr: ["title"],
  dfn: ["title"],
  td: ["colspan", "rowspan", "align"],
  th: ["colspan", "rowspan", "scope", "align"],
  col: ["span"],
  colgroup: ["span"],
  ol: ["start", "reversed", "type"],
  li: ["value"],
  details: ["open"],
  code: ["class"],
  span: ["class"],
};

/** Classes kept: photo credits, and the language of code blocks (for highlighters in readers). */
const CLASSES: Record<string, RegExp> = { span: /^credit$/, code: /^language-[\w-]+$/ };

const URL_SCHEMES: Record<string, readonly string[]> = {
  href: ["http:", "https:", "mailto:", "tel:"],
  src: ["http:", "https:"],
  cite: ["http:", "https:"],
};

function children(nodes: readonly Dom.ChildNode[], context: Context, state: WalkState): Node[] {
  const out: Node[] = [];
  for (const child of nodes) {
    for (const node of sanitizeNode(child, context, state)) {
      // Text left side by side by an unwrapped or removed element is one text.
      if (typeof node === "string" && typeof out[out.length - 1] === "string") out[out.length - 1] += node;
      else out.push(node);
    }
  }
  return out;
}

function sanitizeNode(node: Dom.ChildNode, context: Context, state: WalkState): Node[] {
  if (node.nodeName === "#text") return [cleanText((node as Dom.TextNode).value, state)];
  if (!("tagName" in node) || node.namespaceURI !== "http://www.w3.org/1999/xhtml") return [];
  const tag = node.tagName;
  if (tag === "input") return checkbox(node);
  if (REMOVED.has(tag)) return [];
  const inner = (innerContext: Context) => children(node.childNodes, innerContext, state);
  // A heading in a header cell (not allowed there, HTML §4.9.10: the cell is a heading already) is its text.
  if (HEADINGS.has(tag) && context === FLOW && state.headerCells === 0) return heading(tag, node, inner(PHRASING), state);
  if (HEADINGS.has(tag)) return context === FLOW ? asBlocks(inner(PHRASING)) : inner(PHRASING);
  // A caption holds no table (HTML §4.9.2: flow content "with no descendant table elements"), which
  // the parser builds from <caption><table> all the same: a table written in one keeps its cells'
  // content, each cell's as blocks of its own.
  if (state.captions > 0 && TABLE_PARTS.has(tag)) return context === FLOW ? asBlocks(inner(FLOW)) : inner(context);
  // A header cell holds no sectioning content (HTML §4.9.10), and html-validate, which checks the
  // pages, still counts blockquote and details as sectioning (HTML 4.01's sectioning roots): in
  // one, they are their content, each still a block of its own.
  if (state.headerCells > 0 && SECTIONING_FOR_VALIDATOR.has(tag)) return context === FLOW ? asBlocks(inner(FLOW)) : inner(context);
  // A link inside a link (HTML §4.5.1: no <a> descendant), which the adoption agency and foster
  // parenting can build from misnested markup, is its content.
  if (tag === "a" && state.links > 0) return inner(context);
  const kept = FLOW_ELEMENTS.has(tag) || PHRASING_ELEMENTS.has(tag);
  // Page structure (main, nav, header, footer, aside, section, article...) and other blocks we do
  // not keep: their content stays, the element goes, and in flow it stays a block of its own, so
  // `<section>one</section><section>two</section>` does not read "onetwo".
  if (!kept && context === FLOW && UNWRAPPED_BLOCKS.has(tag)) return asBlocks(inner(FLOW));
  // Unknown and presentational inline elements (font, big): browsers show them inline, so their content joins the text around it.
  if (!kept) return inner(context);
  // A block where only phrasing is allowed (a list inside a heading): its text stays inline.
  if (context === PHRASING && FLOW_ELEMENTS.has(tag)) return inner(PHRASING);
  // Phrasing around blocks (<em><p>…</p></em>, which the parser leaves as is): the blocks stay, the phrasing element goes.
  if (PHRASING_ELEMENTS.has(tag) && !TRANSPARENT.has(tag) && node.childNodes.some(isFlowElement)) return inner(context);
  const innerContext = PHRASING_CONTAINERS.has(tag) || (PHRASING_ELEMENTS.has(tag) && !TRANSPARENT.has(tag)) ? PHRASING : context;
  const attrs = tag === "img" ? imageAttributes(node.attrs, state) : attributes(tag, node.attrs, state);
  if (!attrs) return [];
  // Only a link that keeps its URL is one for the links inside it (one that loses it is its content).
  const link = tag === "a" && attrs.some(([name]) => name === "href");
  if (tag === "th") state.headerCells++;
  if (tag === "caption") state.captions++;
  if (link) state.links++;
  const element: Element = { tag, attrs, children: VOID.has(tag) ? [] : inner(innerContext) };
  if (tag === "th") state.headerCells--;
  if (tag === "caption") state.captions--;
  if (link) state.links--;
  return repaired(element);
}

/** A task-list checkbox (GFM `- [x]`) as the character it shows, so its state survives where forms cannot go. */
function checkbox(node: Dom.Element): Node[] {
  const type = node.attrs.find((a) => a.name === "type")?.value.toLowerCase();
  if (type !== "checkbox") return [];
  return [node.attrs.some((a) => a.name === "checked") ? "☑" : "☐"];
}

function usesH1(nodes: readonly Dom.ChildNode[]): boolean {
  return nodes.some((n) => "tagName" in n && (n.tagName === "h1" || usesH1(n.childNodes)));
}

/** A body heading one level below the previous one at most, and never h1 (the page's headline). */
function heading(tag: string, node: Dom.Element, content: Node[], state: WalkState): Node[] {
  if (!hasText(content)) return [];
  const rank = Math.max(2, Math.min(Number(tag[1]) + state.shift, 6, state.previousRank + 1));
  state.previousRank = rank;
  return [{ tag: `h${rank}`, attrs: attributes(tag, node.attrs, state), children: content }];
}

/** The element, or what replaces it when what is left of it would not be valid HTML. */
function repaired(element: Element): Node[] {
  const { tag, attrs, children: content } = element;
  const has = (name: string) => attrs.some(([n]) => n === name);
  switch (tag) {
    case "img":
      if (!has("src")) return [];
      // WCAG H37: every image has an alt; one the author left without is decorative as far as we know.
      if (!has("alt")) attrs.push(["alt", ""]);
      return [element];
    case "p":
      return hasText(content) || content.some((n) => typeof n !== "string") ? [element] : [];
    case "a":
      // A link whose URL was removed, or that nobody can read (no text, no image with alt text), is only its content.
      if (!has("href") || !(hasText(content) || content.some(hasAltText))) return content;
      // A phone number must not wrap inside (html-validate tel-non-breaking): non-breaking spaces and hyphens.
      element.children = fixChildren(tag, content);
      if (attrs.some(([n, v]) => n === "href" && v.startsWith("tel:"))) element.children = element.children.map(nonBreaking);
      return [element];
    case "bdo":
      return has("dir") ? [element] : content;
    case "data":
      return has("value") ? [element] : content;
    case "time":
      // Without a machine-readable datetime, <time> must hold a valid date itself; the words stay as text.
      return has("datetime") ? [element] : content;
    case "details":
      element.children = fixChildren(tag, content);
      // A <details> must start with its <summary> (HTML §4.11.1): without one, its content is shown as blocks of its own.
      return isElement(firstNonBlank(element.children), "summary") ? [element] : asBlocks(element.children);
    case "table":
      element.children = tableInOrder(fixChildren(tag, content));
      return [element];
    default:
      if (PHRASING_ELEMENTS.has(tag) && !VOID.has(tag) && content.length === 0) return [];
      element.children = fixChildren(tag, content);
      return [element];
  }
}

/**
 * A table's children in the order HTML requires (§4.9.1: caption, colgroups, one thead, bodies
 * or rows, one tfoot), which the parser does not enforce: a second <caption>, or one written
 * after the rows, joins the first, each keeping its text as a block; a second <thead> or <tfoot>
 * is a body, and a head or foot written elsewhere moves to its place.
 */
function tableInOrder(nodes: Node[]): Node[] {
  const captions = nodes.filter((n): n is Element => isElement(n, "caption"));
  const caption: Node[] =
    captions.length === 0 ? [] : [{ tag: "caption", attrs: captions[0]!.attrs, children: captions.length === 1 ? captions[0]!.children : captions.flatMap((c) => asBlocks(c.children)) }];
  const parts = nodes.filter((n): n is Element => typeof n !== "string" && n.tag !== "caption");
  const head = parts.find((n) => n.tag === "thead");
  const foot = parts.find((n) => n.tag === "tfoot");
  const body = parts.filter((n) => !["colgroup", "col"].includes(n.tag) && n !== head && n !== foot).map((n) => (isElement(n, "thead", "tfoot") ? { ...n, tag: "tbody" } : n));
  return [...caption, ...parts.filter((n) => isElement(n, "colgroup", "col")), ...(head ? [head] : []), ...body.map(withHeaderScopes), ...(foot ? [foot] : [])];
}

/**
 * Header cells outside a <thead> with the scope they need (WCAG technique H63): a row of header
 * cells heads columns, a header cell among data cells heads its row.
 */
function withHeaderScopes(node: Element): Element {
  if (node.tag === "tbody") return { ...node, children: node.children.map((n) => (typeof n === "string" ? n : withHeaderScopes(n))) };
  if (node.tag !== "tr") return node;
  const cells = node.children.filter((n): n is Element => isElement(n, "td", "th"));
  const scope = cells.every((c) => c.tag === "th") ? "col" : "row";
  const scoped = (n: Node): Node => (isElement(n, "th") && !n.attrs.some(([name]) => name === "scope") ? { ...n, attrs: [...n.attrs, ["scope", scope]] } : n);
  return { ...node, children: node.children.map(scoped) };
}

/** Nodes in flow content as blocks: each run of phrasing becomes a paragraph, so it never runs into the text beside it. */
function asBlocks(nodes: Node[]): Node[] {
  return grouped(nodes, isPhrasing, "p");
}

/**
 * Children the parser leaves where HTML does not allow them: non-items in a list become items,
 * stray list items get a list, stray terms and descriptions get a description list, a caption
 * or summary that is not where it belongs loses its element.
 */
function fixChildren(parent: string, nodes: Node[]): Node[] {
  // Nearly every element holds none of the children fixed below: nothing to rebuild.
  if (parent !== ROOT && parent !== "ul" && parent !== "ol" && parent !== "dl" && !nodes.some(isFixedChild)) return nodes;
  // Nor does a body made of blocks alone with white space between them, as Markdown writes one:
  // nothing is a caption, summary, item, term or description, and no run of phrasing needs a <p>.
  if (parent === ROOT && nodes.every(isBlockOrBlank)) return nodes;
  const placed = nodes.flatMap((node, i) => {
    if (isElement(node, "figcaption") && (parent !== "figure" || !isFirstOrLast(nodes, i))) return asBlocks(node.children);
    if (isElement(node, "summary") && (parent !== "details" || nodes.slice(0, i).some((n) => typeof n !== "string" || n.trim()))) return asBlocks(node.children);
    return [node];
  });
  // An item made of stray nodes is fixed as any item is (a stray <dt> in it gets its own list).
  const fixedNew = (wrapper: string) => (node: Node) => (isElement(node, wrapper) && !placed.includes(node) ? { ...node, children: fixChildren(wrapper, node.children) } : node);
  if (parent === "ul" || parent === "ol") return grouped(placed, (n) => !isElement(n, "li"), "li").map(fixedNew("li"));
  if (parent === "dl") return grouped(placed, (n) => !isElement(n, "dt", "dd", "div"), "dd").map(fixedNew("dd"));
  const out = grouped(grouped(placed, (n) => isElement(n, "li"), "ul", true), (n) => isElement(n, "dt", "dd"), "dl", true);
  // Text between blocks at the top of the body (a <nav> or <header> unwrapped, a cell outside any
  // table) is a paragraph, as Markdown would have made it.
  return parent === ROOT ? asBlocks(out) : out;
}

/** White space, or an element that is neither phrasing nor one fixChildren may move. */
function isBlockOrBlank(node: Node): boolean {
  return typeof node === "string" ? node.trim() === "" : !FIXED_CHILDREN.has(node.tag) && !isPhrasing(node);
}

/** A child fixChildren may move, wrap or unwrap outside a list: a caption, a summary, an item, a term or a description. */
function isFixedChild(node: Node): boolean {
  return typeof node !== "string" && FIXED_CHILDREN.has(node.tag);
}

const FIXED_CHILDREN = new Set(["figcaption", "summary", "li", "dt", "dd"]);

/** Wraps each run of nodes that `belongs` into one `wrapper` element (white space between them joins the run). */
function grouped(nodes: Node[], belongs: (node: Node) => boolean, wrapper: string, elementsOnly = false): Node[] {
  const out: Node[] = [];
  let run: Node[] | undefined;
  for (const node of nodes) {
    const blank = typeof node === "string" && !node.trim();
    if (belongs(node) && !(elementsOnly && blank) && !(blank && !run)) {
      if (!run) out.push({ tag: wrapper, attrs: [], children: (run = []) });
      run.push(node);
    } else if (blank && run) {
      run.push(node);
    } else {
      run = undefined;
      out.push(node);
    }
  }
  return out;
}

function attributes(tag: string, attrs: Dom.Element["attrs"], state: WalkState): [string, string][] {
  const allowed = ATTRIBUTES[tag] ?? [];
  const out: [string, string][] = [];
  for (const { name, value: raw } of attrs) {
    if (!GLOBAL_ATTRIBUTES.has(name) && !allowed.includes(name)) continue;
    const value = attributeValue(tag, name, cleanText(raw, state), state.baseUrl);
    if (value === undefined) continue;
    // GFM table alignment: the attribute is obsolete in HTML and inline style is refused by the
    // pages' validator, so it becomes a class the page and AMP stylesheets define.
    if (name === "align") out.push(["class", `align-${value}`]);
    else out.push([name, value]);
  }
  return out;
}

/**
 * A picture's attributes as every output needs them: its size, so the space is reserved before
 * it loads; its renditions (srcset, sizes), absolute; lazy loading, since the lead photo is in
 * the page header and every body picture is below it. A local photo the lookup does not resolve
 * is left out (undefined); a remote picture it does not describe keeps the author's attributes.
 */
function imageAttributes(attrs: Dom.Element["attrs"], state: WalkState): [string, string][] | undefined {
  // Cleaned here, since the lookup hands the alt back in the photo it returns.
  const written = (name: string) => {
    const value = attrs.find((a) => a.name === name)?.value;
    return value === undefined ? undefined : cleanText(value, state);
  };
  const src = (written("src") ?? "").trim();
  const lazy: [string, string][] = [["loading", "lazy"], ["decoding", "async"]];
  // No source, or another scheme than http(s) (data:, javascript:): left to the usual rules.
  if (!src || (/^[a-z][a-z0-9+.-]*:/i.test(src) && !/^https?:/i.test(src))) return attributes("img", attrs, state);
  const photo = state.photo({ src, alt: written("alt"), width: written("width"), height: written("height") });
  if (!photo) return isRemote(src) ? [...attributes("img", attrs, state), ...lazy] : undefined;
  const primary = photo.sources[0];
  const title = written("title");
  return [
    ["src", photo.url],
    ...(primary ? ([["srcset", srcset(primary)], ["sizes", COLUMN_SIZES]] as [string, string][]) : []),
    ["width", String(photo.width)],
    ["height", String(photo.height)],
    ["alt", photo.alt],
    ...(title ? ([["title", title]] as [string, string][]) : []),
    ...lazy,
  ];
}

/** The value kept for an attribute, or undefined to drop it. */
function attributeValue(tag: string, name: string, value: string, baseUrl: string): string | undefined {
  const trimmed = value.trim();
  switch (name) {
    case "href":
    case "src":
    case "cite":
      return url(trimmed, URL_SCHEMES[name]!, baseUrl);
    case "dir":
      return /^(ltr|rtl|auto)$/i.test(trimmed) ? trimmed.toLowerCase() : undefined;
    case "lang":
    case "hreflang":
      return /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i.test(trimmed) ? trimmed : undefined;
    case "width":
    case "height":
      // Pixels only: `100%` or `auto` is invalid in HTML (the CSS does the scaling).
      return /^\d{1,5}$/.test(trimmed) && Number(trimmed) > 0 ? String(Number(trimmed)) : undefined;
    case "colspan":
    case "span":
      return /^\d{1,4}$/.test(trimmed) && Number(trimmed) >= 1 && Number(trimmed) <= 1000 ? String(Number(trimmed)) : undefined;
    case "rowspan":
      return /^\d{1,5}$/.test(trimmed) && Number(trimmed) <= 65534 ? String(Number(trimmed)) : undefined;
    case "start":
    case "value":
      return tag === "data" ? value : /^-?\d{1,9}$/.test(trimmed) ? trimmed : undefined;
    case "reversed":
    case "open":
      return "";
    case "type":
      return /^[1aAiI]$/.test(trimmed) ? trimmed : undefined;
    case "scope":
      return /^(row|col|rowgroup|colgroup)$/i.test(trimmed) ? trimmed.toLowerCase() : undefined;
    case "align":
      return /^(left|center|right)$/i.test(trimmed) ? trimmed.toLowerCase() : undefined;
    case "datetime":
      return /^\d{4}-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?$/.test(trimmed) ? trimmed : undefined;
    case "class":
      return trimmed.split(/\s+/).filter((c) => CLASSES[tag]?.test(c)).join(" ") || undefined;
    default:
      return value;
  }
}

/** An absolute URL with an allowed scheme, resolved against the article (feed readers resolve relative URLs inconsistently). */
function url(value: string, schemes: readonly string[], baseUrl: string): string | undefined {
  if (!value) return undefined;
  try {
    const resolved = new URL(value, baseUrl);
    return schemes.includes(resolved.protocol) ? resolved.href : undefined;
  } catch {
    return undefined;
  }
}

/** Text and attribute values without any character no feed can carry (a C1 control marked decoded from a reference is the character HTML reads). */
function cleanText(text: string, state: WalkState): string {
  if (!mayHoldForbiddenCharacters(text)) return text;
  const mapped = withWindows1252Characters(text);
  const clean = withoutForbiddenCharacters(mapped);
  if (clean.length !== mapped.length) state.removedCharacters = true;
  return clean;
}

function nonBreaking(node: Node): Node {
  if (typeof node === "string") return node.replace(/ /g, "\u00A0").replace(/-/g, "\u2011");
  return { ...node, children: node.children.map(nonBreaking) };
}

/**
 * Whether a node is phrasing content. A transparent element (<a>, <ins>, <del>) is only when all
 * it holds is (HTML §3.2.5.3): `<a><p>x</p></a>` is a block, and wrapping it into a <p> would
 * put a paragraph in a paragraph, which every parser rebuilds differently.
 */
function isPhrasing(node: Node): boolean {
  if (typeof node === "string") return true;
  return PHRASING_ELEMENTS.has(node.tag) && (!TRANSPARENT.has(node.tag) || node.children.every(isPhrasing));
}

function firstNonBlank(nodes: readonly Node[]): Node | undefined {
  return nodes.find((n) => typeof n !== "string" || n.trim());
}

function isFlowElement(node: Dom.ChildNode): boolean {
  return "tagName" in node && FLOW_ELEMENTS.has(node.tagName);
}

function isElement(node: Node | undefined, ...tags: string[]): node is Element {
  return node !== undefined && typeof node !== "string" && tags.includes(node.tag);
}

function isFirstOrLast(nodes: Node[], index: number): boolean {
  const elements = nodes.map((n, i) => [n, i] as const).filter(([n]) => typeof n !== "string" || n.trim());
  return elements[0]?.[1] === index || elements.at(-1)?.[1] === index;
}

function hasText(nodes: readonly Node[]): boolean {
  return nodes.some((n) => (typeof n === "string" ? n.trim() !== "" : n.tag !== "img" && hasText(n.children)));
}

function hasAltText(node: Node): boolean {
  if (typeof node === "string") return false;
  return node.tag === "img" ? node.attrs.some(([name, value]) => name === "alt" && value.trim() !== "") : node.children.some(hasAltText);
}

function serialize(nodes: readonly Node[], preformatted = false): string {
  let out = "";
  for (const node of nodes) {
    if (typeof node === "string") {
      // Outside <pre>, white space at the end of a line is not shown; unwrapped elements leave some.
      out += preformatted || !node.includes("\n") ? escapeText(node) : escapeText(node).replace(/[ \t]+\n/g, "\n");
      continue;
    }
    out += `<${node.tag}${node.attrs.map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`).join("")}>`;
    if (VOID.has(node.tag)) continue;
    // The parser drops one newline right after <pre> (HTML §13.2.6.4.7), so a leading one is written twice.
    if (node.tag === "pre" && typeof node.children[0] === "string" && node.children[0].startsWith("\n")) out += "\n";
    out += `${serialize(node.children, preformatted || node.tag === "pre")}</${node.tag}>`;
  }
  return out;
}

function escapeText(text: string): string {
  if (!/[&<>]/.test(text)) return text;
  return text.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

function escapeAttribute(text: string): string {
  if (!/[&<>"]/.test(text)) return text;
  return text.replace(/[&<>"]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;"));
}
