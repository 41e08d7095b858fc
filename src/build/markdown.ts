import { Marked } from "marked";
import { sanitizeBody, type SanitizedBody } from "./sanitize.ts";
import { withWindows1252References } from "./xml-characters.ts";

/**
 * Markdown to the HTML that every output embeds: rendered once at build time, then parsed,
 * repaired and reduced to an allowlist by src/build/sanitize.ts (authors may write raw HTML,
 * readers' feed readers must not run it), every URL made absolute against the article's own
 * URL, because feed readers show content away from the site and resolve relative URLs inconsistently.
 */
export function renderMarkdown(markdown: string, baseUrl: string): RenderedBody {
  return sanitizeBody(marked.parse(withWindows1252References(markdown), { async: false }), baseUrl);
}

export type RenderedBody = SanitizedBody;

const marked = new Marked({ gfm: true });
