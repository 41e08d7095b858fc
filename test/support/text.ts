import { decodeHTML } from "entities";

/** What a reader reads in a piece of HTML: tags dropped, entities decoded, white space folded. */
export function readableText(html: string): string {
  const withoutInvisible = html.replace(/<(script|style|template)\b[\s\S]*?<\/\1>/gi, " ").replace(/<head\b[\s\S]*?<\/head>/i, " ");
  return foldWhitespace(decodeHTML(withoutInvisible.replace(/<[^>]*>/g, " ")));
}

export function foldWhitespace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
