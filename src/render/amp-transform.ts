import sanitizeHtml from "sanitize-html";

/**
 * The article body as AMP HTML (https://amp.dev/documentation/guides-and-tutorials/learn/spec/amphtml):
 * text, headings, lists, quotes, tables, links and figures with their captions, and nothing that
 * runs or that AMP forbids. The body reaching this point was already sanitized by
 * src/build/markdown.ts, but this conversion does not rely on that: markup that is not exactly in
 * the normaliser's form is parsed with sanitize-html's HTML parser against its own allowlist, so
 * it is safe on any input; markup that is gets the same bytes from a walk over its tags.
 */
export function toAmpHtml(html: string): string {
  return plainAmpHtml(html) ?? parsedAmpHtml(html);
}

/** The conversion by sanitize-html's parser against AMP_BODY: what any markup gets. */
export function parsedAmpHtml(html: string): string {
  return sanitizeHtml(html, AMP_BODY).trim();
}

/**
 * Dropped together with everything inside them: what runs, embeds, forms and navigation. Other
 * disallowed tags (main, picture, font...) are unwrapped: their text stays.
 */
const REMOVED_WITH_CONTENT = [
  "script", "style", "template", "noscript", "xmp", "textarea", "select", "option", "button", "form",
  "nav", "iframe", "frame", "frameset", "noframes", "object", "embed", "applet", "noembed",
  "audio", "video", "canvas", "svg", "math", "head", "title",
];

const AMP_BODY: sanitizeHtml.IOptions = {
  allowedTags: [
    "p", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "pre", "hr", "br", "wbr",
    "div", "section", "article", "aside", "header", "footer", "address", "hgroup",
    "a", "em", "strong", "b", "i", "u", "s", "small", "mark", "abbr", "cite", "code", "kbd", "samp", "var", "dfn",
    "q", "sub", "sup", "del", "ins", "span", "time", "data", "bdi", "ruby", "rp", "rt",
    "figure", "figcaption", "amp-img", "details", "summary", "bdo",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
  ],
  allowedAttributes: {
    // Direction and language keep right-to-left and mixed-language text readable.
    "*": ["dir", "lang"],
    a: ["href", "title", "hreflang"],
    "amp-img": ["src", "srcset", "width", "height", "alt", "layout"],
    span: ["class"],
    code: ["class"],
    blockquote: ["cite"],
    q: ["cite"],
    time: ["datetime"],
    data: ["value"],
    abbr: ["title"],
    td: ["colspan", "rowspan", "class"],
    th: ["colspan", "rowspan", "scope", "class"],
    ol: ["start", "reversed"],
  },
  allowedClasses: { span: ["credit"], code: [/^language-[\w-]+$/], td: [/^align-(left|center|right)$/], th: [/^align-(left|center|right)$/] },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowedSchemesAppliedToAttributes: ["href", "src", "cite"],
  allowProtocolRelative: false,
  nonTextTags: REMOVED_WITH_CONTENT,
  // Void elements are written self-closed: sanitize-html gives the others in its default list an
  // end tag (`<wbr></wbr>`, `<col></col>`), which HTML forbids for a void element (§13.1.2.1).
  selfClosing: [...sanitizeHtml.defaults.selfClosing, "wbr", "col"],
  transformTags: {
    // The page's only <h1> is the headline.
    h1: sanitizeHtml.simpleTransform("h2", {}),
    img: ampImage,
    "amp-img": ampImage,
  },
};

/**
 * AMP requires an amp-img to declare its size (AMP spec, "Layout system"): an image whose content
 * gives a source and a width and height in pixels becomes a responsive amp-img, with its srcset
 * when every candidate in it is an http(s) URL with a width (the build writes such srcsets for
 * photos); any other image is left out (as a disallowed <img>), and a figure keeps its caption.
 */
function ampImage(_tagName: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const { src, alt } = attribs;
  const width = pixels(attribs["width"]);
  const height = pixels(attribs["height"]);
  if (!isHttpUrl(src) || !width || !height) return { tagName: "img", attribs: {} };
  const srcset = widthCandidates(attribs["srcset"]);
  return {
    tagName: "amp-img",
    attribs: { src, ...(srcset ? { srcset } : {}), width, height, layout: "responsive", ...(alt === undefined ? {} : { alt }) },
  };
}

/** A srcset of `URL NNNw` candidates, all http(s), normalised; undefined for anything else. */
function widthCandidates(value: string | undefined): string | undefined {
  const candidates = value?.split(",").map((candidate) => candidate.trim().split(/\s+/));
  if (!candidates?.length || !candidates.every(([url, width, ...rest]) => rest.length === 0 && isHttpUrl(url) && /^\d{1,5}w$/.test(width ?? ""))) return undefined;
  return candidates.map(([url, width]) => `${url} ${width}`).join(", ");
}

function isHttpUrl(value: string | undefined): value is string {
  if (!value) return false;
  try {
    const { protocol } = new URL(value);
    return protocol === "https:" || protocol === "http:";
  } catch {
    return false;
  }
}

/** A length in CSS pixels as HTML writes it (digits only), normalised; undefined for 0, %, or anything else. */
function pixels(value: string | undefined): string | undefined {
  const digits = value?.trim();
  return digits && /^\d{1,5}$/.test(digits) && Number(digits) > 0 ? String(Number(digits)) : undefined;
}

/**
 * What sanitize-html writes for markup in the exact form src/build/sanitize.ts serializes (every
 * element closed in order, attributes double-quoted, only &amp; &lt; &gt; &quot; written as
 * references), computed without its parser: a walk over the tags that applies the same AMP_BODY
 * allowlist, ampImage and sanitize-html's own defaults. Every article body is in that form, and
 * parsing it again cost half of the AMP page. Anything else, or anything that would need more of
 * sanitize-html than this (an element htmlparser2 closes implicitly, a URL that is not plainly
 * http(s), mailto: or tel:, an unusual srcset), returns undefined for sanitize-html to read whole;
 * a property test holds the two to the same bytes.
 */
export function plainAmpHtml(html: string): string | undefined {
  const stack: string[] = [];
  let out = "";
  let at = 0;
  let amp = html.indexOf("&");
  while (at < html.length) {
    const lt = html.indexOf("<", at);
    const end = lt === -1 ? html.length : lt;
    // Text is copied: sanitize-html decodes it and escapes & < > again, which gives back these references and no others.
    const gt = html.indexOf(">", at);
    if (gt !== -1 && gt < end) return undefined;
    // The next ampersand is looked up again only once passed, so a body without one is searched once.
    if (amp !== -1 && amp < at) amp = html.indexOf("&", at);
    if (amp !== -1 && amp < end && UNPLAIN_TEXT_REFERENCE.test(html.slice(amp, end))) return undefined;
    out += html.slice(at, end);
    if (lt === -1) break;
    PLAIN_TAG.lastIndex = lt;
    const match = PLAIN_TAG.exec(html);
    if (!match) return undefined;
    at = PLAIN_TAG.lastIndex;
    const [, slash, name, attributeText] = match as unknown as [string, string, string, string];
    if (slash) {
      if (attributeText || stack.pop() !== name) return undefined;
      out += `</${name}>`;
      continue;
    }
    if (!PLAIN_TAGS.has(name) || IMPLIED_END[name]?.includes(stack.at(-1) ?? "")) return undefined;
    const attributes = plainAttributes(attributeText);
    if (!attributes) return undefined;
    const tag = name === "img" ? ampImage(name, attributes) : { tagName: name, attribs: attributes };
    // An image AMP cannot size is left out: a disallowed void element, nothing of it is written.
    if (tag.tagName === "img") continue;
    const written = writtenAttributes(tag.tagName, tag.attribs);
    if (written === undefined) return undefined;
    if (SELF_CLOSING.has(tag.tagName)) out += `<${tag.tagName}${written} />`;
    // A void element written with another name (an <img> made an <amp-img>, which is not void) is closed at once.
    else if (HTMLPARSER2_VOID.has(name)) out += `<${tag.tagName}${written}></${tag.tagName}>`;
    else {
      out += `<${tag.tagName}${written}>`;
      stack.push(name);
    }
  }
  return stack.length === 0 ? out.trim() : undefined;
}

const PLAIN_TAG = /<(\/?)([a-z][a-z0-9]*)((?: [a-z][a-z-]*="[^"<>]*")*)>/y;
const PLAIN_ATTRIBUTE = / ([a-z][a-z-]*)="([^"<>]*)"/g;
const UNPLAIN_TEXT_REFERENCE = /&(?!(?:amp|lt|gt);)/;
const UNPLAIN_VALUE_REFERENCE = /&(?!(?:amp|lt|gt|quot);)/;
const REFERENCES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"' };

/** The tags taken: AMP's allowlist, with <img> (which ampImage converts) instead of an author's own <amp-img>. */
const PLAIN_TAGS = new Set([...AMP_BODY.allowedTags as string[], "img"].filter((tag) => tag !== "amp-img"));

/** htmlparser2's void elements among them: closed as soon as opened. */
const HTMLPARSER2_VOID = new Set(["br", "col", "hr", "img", "wbr"]);

const SELF_CLOSING = new Set(AMP_BODY.selfClosing);
const NON_BOOLEAN = new Set(sanitizeHtml.defaults.nonBooleanAttributes);
// Not in sanitize-html's type declarations, but in its defaults (["alt"]).
const EMPTY_ALLOWED = new Set((sanitizeHtml.defaults as { allowedEmptyAttributes?: string[] }).allowedEmptyAttributes);

/**
 * The open elements a start tag closes in htmlparser2 (its `openImpliesClose`, for the tags above):
 * taken only when the current element is none of them, so the tree stays the nesting as written.
 */
const IMPLIED_END: Record<string, readonly string[]> = {
  tr: ["tr", "th", "td"], th: ["th"], td: ["thead", "th", "td"], li: ["li"], dd: ["dd", "dt"], dt: ["dd", "dt"],
  rt: ["rt", "rp"], rp: ["rt", "rp"], tbody: ["thead", "tbody"], tfoot: ["thead", "tbody"],
  ...Object.fromEntries(
    "p h1 h2 h3 h4 h5 h6 address article aside blockquote details div dl fieldset figcaption figure footer form header hr main nav ol pre section table ul"
      .split(" ")
      .map((tag) => [tag, ["p"]]),
  ),
};

/** The attributes in order, decoded, or undefined if one is written twice or with another reference. */
function plainAttributes(text: string): sanitizeHtml.Attributes | undefined {
  const attributes: sanitizeHtml.Attributes = {};
  // Most tags have none: matchAll would copy the expression for nothing.
  if (text === "") return attributes;
  for (const [, name, value] of text.matchAll(PLAIN_ATTRIBUTE) as Iterable<[string, string, string]>) {
    if (Object.hasOwn(attributes, name) || UNPLAIN_VALUE_REFERENCE.test(value)) return undefined;
    attributes[name] = value.replace(/&(?:amp|lt|gt|quot);/g, (reference) => REFERENCES[reference]!);
  }
  return attributes;
}

/** The attributes AMP_BODY keeps, written as sanitize-html writes them; undefined where that needs more of sanitize-html. */
function writtenAttributes(tag: string, attributes: sanitizeHtml.Attributes): string | undefined {
  const allowed = AMP_BODY.allowedAttributes as Record<string, string[]>;
  const classes = (AMP_BODY.allowedClasses as Record<string, (string | RegExp)[]>)[tag];
  let out = "";
  for (const [name, value] of Object.entries(attributes)) {
    if (value === "" && !EMPTY_ALLOWED.has(name) && NON_BOOLEAN.has(name)) continue;
    if (!(allowed[tag]?.includes(name) || allowed["*"]!.includes(name) || (name === "class" && classes))) continue;
    let kept = value;
    if (name === "href" || name === "src" || name === "cite") {
      if (!/^(?:https?|mailto|tel):/i.test(value) || /[\u0000-\u0020]|<!--/.test(value)) return undefined;
    } else if (name === "srcset") {
      if (!/^https?:\/\/[^\s,<]+ [1-9]\d{0,4}w(?:, https?:\/\/[^\s,<]+ [1-9]\d{0,4}w)*$/.test(value)) return undefined;
    } else if (name === "class" && classes) {
      kept = value.split(/\s+/).filter((c) => classes.some((allowedClass) => (typeof allowedClass === "string" ? allowedClass === c : allowedClass.test(c)))).join(" ");
      if (!kept) continue;
    }
    out += kept ? ` ${name}="${escapeAttribute(kept)}"` : EMPTY_ALLOWED.has(name) ? ` ${name}=""` : ` ${name}`;
  }
  return out;
}

function escapeAttribute(value: string): string {
  return value.replace(/[&<>"]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;"));
}
