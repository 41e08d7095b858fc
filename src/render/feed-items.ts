import type { Article } from "../model.ts";

/**
 * A feed's updated time is its newest item's (never the build's clock), so the same content
 * always gives the same bytes. An empty feed falls back to the Unix epoch.
 */
export function lastUpdated(articles: readonly Article[]): Date {
  return new Date(Math.max(0, ...articles.map((a) => a.updated.getTime())));
}

/**
 * Makes text safe to hand to the `feed` package as CDATA. `feed` 6.0.0 serialises with xml-js
 * 1.6.11, which ends a CDATA section at the first `]]>` it finds (String.replace without /g) but
 * leaves every later one in place, so a second `]]>` ends the section early and the XML breaks
 * (jpmonette/feed#206 family). We split every occurrence after the first ourselves; xml-js then
 * splits the first, and the whole text survives. Guarded by the injection tests.
 */
export function cdataSafe(text: string): string {
  const first = text.indexOf("]]>");
  if (first === -1) return text;
  const head = text.slice(0, first + 3);
  return head + text.slice(first + 3).replaceAll("]]>", "]]]]><![CDATA[>");
}
