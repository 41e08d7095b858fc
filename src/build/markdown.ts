import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";
import { withoutForbiddenCharacters } from "./xml-characters.ts";

/**
 * Markdown to the HTML that every output embeds: rendered once at build time, sanitized to an
 * allowlist (authors may write raw HTML, readers' feed readers must not run it), with every URL
 * made absolute against the article's own URL, because feed readers show content away from the
 * site and resolve relative URLs inconsistently.
 */
export function renderMarkdown(markdown: string, baseUrl: string): RenderedBody {
  const sanitized = sanitizeHtml(marked.parse(markdown, { async: false }), sanitizeOptions(baseUrl)).trim();
  const html = withoutForbiddenCharacters(sanitized);
  return { html, removedCharacters: html.length !== sanitized.length };
}

export interface RenderedBody {
  html: string;
  /** Whether characters that no feed can carry were removed (see xml-characters.ts). */
  removedCharacters: boolean;
}

const marked = new Marked({ gfm: true });

const URL_ATTRIBUTES: Record<string, string[]> = { a: ["href"], img: ["src"], q: ["cite"], blockquote: ["cite"] };

function sanitizeOptions(baseUrl: string): sanitizeHtml.IOptions {
  return {
    allowedTags: [
      ...sanitizeHtml.defaults.allowedTags.filter((tag) => tag !== "h1"),
      "img",
      "figure",
      "figcaption",
      "picture",
      "del",
      "ins",
      "sup",
      "sub",
    ],
    allowedAttributes: {
      a: ["href", "title", "hreflang"],
      img: ["src", "alt", "title", "width", "height"],
      span: ["class"],
      blockquote: ["cite"],
      q: ["cite"],
      time: ["datetime"],
      td: ["colspan", "rowspan"],
      th: ["colspan", "rowspan", "scope"],
      ol: ["start", "reversed"],
      code: ["class"],
    },
    allowedClasses: { span: ["credit"], code: [/^language-[\w-]+$/] },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesAppliedToAttributes: ["href", "src", "cite"],
    // transformTags run before this check, so a protocol-relative href/src/cite has already been
    // resolved to https against the article URL; this still refuses `//host` anywhere else.
    allowProtocolRelative: false,
    // An image without a source is a broken image in every reader: keep its figure and caption, drop the <img>.
    exclusiveFilter: (frame) => frame.tag === "img" && !frame.attribs["src"]?.trim(),
    transformTags: Object.fromEntries(
      Object.entries(URL_ATTRIBUTES).map(([tag, names]) => [
        tag,
        (tagName: string, attribs: sanitizeHtml.Attributes) => ({
          tagName,
          attribs: absolutize(attribs, names, baseUrl),
        }),
      ]),
    ),
  };
}

function absolutize(attribs: sanitizeHtml.Attributes, names: string[], baseUrl: string): sanitizeHtml.Attributes {
  const result = { ...attribs };
  for (const name of names) {
    const value = result[name]?.trim();
    if (!value) continue;
    try {
      result[name] = new URL(value, baseUrl).href;
    } catch {
      delete result[name];
    }
  }
  return result;
}
