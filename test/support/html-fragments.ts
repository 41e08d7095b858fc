import { parseFragment, serialize } from "parse5";
import { htmlProblems } from "./html-validator.ts";

/**
 * What is wrong with a fragment of HTML that a page and every feed embed: a difference between it
 * and what a spec-compliant HTML5 parser rebuilds from it (parse5 parse, then serialize: a <p>
 * in a <p> or a block in a <p> comes back elsewhere), and html-validate's findings (content models
 * the parser does not enforce: a <details> without <summary>, two captions), in a page that holds
 * only the fragment under its h1.
 */
export async function fragmentProblems(html: string): Promise<string[]> {
  const page = `<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main><h1>t</h1>${html}</main></body></html>`;
  return [...roundTripProblems(html), ...(await htmlProblems(page, "fragment"))];
}

/** The difference, if any, between a fragment and what parse5 rebuilds from it (parse, then serialize). */
export function roundTripProblems(html: string): string[] {
  const reparsed = serialize(parseFragment(html));
  return canonical(reparsed) === canonical(html) ? [] : [`parses back as ${reparsed}`];
}

/** The escapes parse5's serializer writes and ours need not (both are the same characters to a parser). */
function canonical(html: string): string {
  return html
    .replace(/&nbsp;/g, "\u00A0")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#(39|x27);/gi, "'");
}
