import type { Site } from "../model.ts";
import { absoluteUrl, PATHS } from "../paths.ts";
import { escapeHtml } from "./html.ts";

/** One page a crawler should know: its absolute canonical URL and when its content last changed. */
export interface SitemapEntry {
  url: string;
  lastModified: Date;
}

/** One sitemap document, to be served at `path`. */
export interface SitemapDocument {
  path: string;
  body: string;
  /** The newest `lastModified` it lists. */
  lastModified: Date;
}

/** sitemaps.org 0.9: at most 50,000 URLs in one sitemap, and as many sitemaps in an index. */
export const SITEMAP_URL_LIMIT = 50_000;

/**
 * `/sitemap.xml`: the URL set itself while it holds at most `limit` URLs; beyond that, a sitemap
 * index (sitemaps.org §"Using Sitemap index files") naming `/sitemaps/1.xml`, `/sitemaps/2.xml`…,
 * each a URL set of at most `limit`, so the URL crawlers are given never changes.
 */
export function renderSitemaps(site: Site, entries: readonly SitemapEntry[], limit = SITEMAP_URL_LIMIT): SitemapDocument[] {
  if (entries.length <= limit) return [{ path: PATHS.sitemap, body: urlSet(entries), lastModified: newest(entries) }];
  const parts: SitemapDocument[] = [];
  for (let start = 0; start < entries.length; start += limit) {
    const slice = entries.slice(start, start + limit);
    parts.push({ path: PATHS.sitemapPart(parts.length + 1), body: urlSet(slice), lastModified: newest(slice) });
  }
  const index = `${XML_DECLARATION}<sitemapindex xmlns="${NAMESPACE}">
${parts.map((part) => `<sitemap><loc>${escapeHtml(absoluteUrl(site.url, part.path))}</loc><lastmod>${part.lastModified.toISOString()}</lastmod></sitemap>\n`).join("")}</sitemapindex>
`;
  return [{ path: PATHS.sitemap, body: index, lastModified: newest(parts) }, ...parts];
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9";

function urlSet(entries: readonly SitemapEntry[]): string {
  // W3C Datetime, which sitemaps.org's lastmod takes: the instant in UTC, as feeds give it.
  return `${XML_DECLARATION}<urlset xmlns="${NAMESPACE}">
${entries.map((entry) => `<url><loc>${escapeHtml(entry.url)}</loc><lastmod>${entry.lastModified.toISOString()}</lastmod></url>\n`).join("")}</urlset>
`;
}

function newest(items: readonly { lastModified: Date }[]): Date {
  return new Date(Math.max(0, ...items.map((item) => item.lastModified.getTime())));
}
