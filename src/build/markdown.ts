import { Marked, Tokenizer, type Tokens } from "marked";
import { escapeHtml } from "../render/html.ts";
import { plainTextEnd } from "./inline-text.ts";
import { sanitizeBody, type PhotoLookup, type SanitizedBody } from "./sanitize.ts";
import { withoutForbiddenCharacters } from "./xml-characters.ts";

/**
 * Markdown to the HTML that every output embeds: rendered once at build time, then parsed,
 * repaired and reduced to an allowlist by src/build/sanitize.ts (authors may write raw HTML,
 * readers' feed readers must not run it), every URL made absolute against the article's own
 * URL, because feed readers show content away from the site and resolve relative URLs inconsistently.
 */
export function renderMarkdown(markdown: string, baseUrl: string, photo?: PhotoLookup): RenderedBody {
  // Characters no feed can carry leave the source before Markdown reads it: a backspace inside a
  // link's URL would otherwise stop marked seeing a link at all, and publish the brackets.
  const source = withoutForbiddenCharacters(markdown);
  const body = sanitizeBody(marked.parse(source, { async: false }), baseUrl, photo);
  return source.length === markdown.length ? body : { ...body, removedCharacters: true };
}

export type { ImageAttributes, PhotoLookup } from "./sanitize.ts";

export type RenderedBody = SanitizedBody;

const marked = new Marked({
  gfm: true,
  renderer: {
    // A Markdown image with a title, alone in its paragraph, is a figure: the title is its caption.
    paragraph(token: Tokens.Paragraph): string | false {
      const [image, ...rest] = token.tokens;
      if (rest.length > 0 || image?.type !== "image" || !image.title) return false;
      const { href, text, title } = image as Tokens.Image;
      return `<figure><img src="${escapeHtml(href)}" alt="${escapeHtml(text)}"><figcaption>${escapeHtml(title!)}</figcaption></figure>\n`;
    },
  },
  tokenizer: {
    // A run of plain text measured by a scan (src/build/inline-text.ts) rather than by the rule's
    // expression; marked's own tokenizer still makes the token (it decodes numeric references),
    // handed a rule that takes the whole, already measured, run. false: marked's rule as usual.
    inlineText(this: Tokenizer, src: string): Tokens.Text | undefined | false {
      const end = plainTextEnd(src);
      if (end === undefined) return false;
      return Tokenizer.prototype.inlineText.call({ rules: WHOLE_RUN, lexer: this.lexer } as unknown as Tokenizer, src.slice(0, end));
    },
  },
});

const WHOLE_RUN = { inline: { text: { exec: (run: string) => [run] } } };
