import type { Site } from "../model.ts";
import { absoluteUrl, PATHS } from "../paths.ts";

/** `/robots.txt` (RFC 9309): every path may be crawled, and where the sitemap is. */
export function renderRobots(site: Site): string {
  return `User-agent: *
Allow: /

Sitemap: ${absoluteUrl(site.url, PATHS.sitemap)}
`;
}
