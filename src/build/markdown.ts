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
    // marked tries a GFM table and a setext heading at every paragraph, each an expression over
    // the paragraph's lines; a paragraph where they cannot start skips them (undefined: no token
    // here; false: marked's rule as usual). test/build/markdown-blocks.test.ts holds both to marked's rules.
    table(src: string): undefined | false {
      return mayStartTable(src) ? false : undefined;
    },
    lheading(src: string): undefined | false {
      return mayStartSetextHeading(src) ? false : undefined;
    },
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

/**
 * Whether a GFM table may start at `src`: marked's rule (`^ *([^\n ].*)\n {0,3}((?:\| *)?:?-+...`)
 * needs its delimiter row on the line after the first line break (`.` takes no line break), and
 * that row starts, after at most three spaces, with "|", ":" or "-".
 */
export function mayStartTable(src: string): boolean {
  let at = src.indexOf("\n") + 1;
  if (at === 0) return false;
  for (let spaces = 0; spaces < 3 && src.charCodeAt(at) === 0x20; spaces++) at++;
  const code = src.charCodeAt(at);
  return code === 0x7c || code === 0x3a || code === 0x2d;
}

/**
 * Whether a setext heading may start at `src`: marked's rule needs a line break followed by at
 * most three spaces and "=" or "-" (the underline) before the paragraph's first blank line (its
 * text may not cross `\n\s*?\n`, and "\n\n" is one), so it is looked for up to there.
 */
export function mayStartSetextHeading(src: string): boolean {
  const blank = src.indexOf("\n\n");
  const end = blank === -1 ? src.length : blank;
  for (let at = src.indexOf("\n"); at !== -1 && at < end; at = src.indexOf("\n", at + 1)) {
    let next = at + 1;
    for (let spaces = 0; spaces < 3 && src.charCodeAt(next) === 0x20; spaces++) next++;
    const code = src.charCodeAt(next);
    if (code === 0x3d || code === 0x2d) return true;
  }
  return false;
}
