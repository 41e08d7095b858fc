import sanitizeHtml from "sanitize-html";

export interface Element {
  name: string;
  attribs: Record<string, string>;
}

/** Every element an HTML parser (htmlparser2, through sanitize-html) opens in a document, in order. */
export function elementsIn(html: string): Element[] {
  const elements: Element[] = [];
  sanitizeHtml(html, { allowedTags: [], onOpenTag: (name, attribs) => elements.push({ name, attribs: { ...attribs } }) });
  return elements;
}
