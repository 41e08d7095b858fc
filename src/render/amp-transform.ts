import sanitizeHtml from "sanitize-html";

/**
 * The article body as AMP HTML (https://amp.dev/documentation/guides-and-tutorials/learn/spec/amphtml):
 * text, headings, lists, quotes, tables, links and figures with their captions, and nothing that
 * runs or that AMP forbids. The body reaching this point was already sanitized by
 * src/build/markdown.ts, but this conversion does not rely on that: it parses the markup with
 * sanitize-html's HTML parser against its own allowlist, so it is safe on any input.
 */
export function toAmpHtml(html: string): string {
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
