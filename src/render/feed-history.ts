import { FEED_FORMAT } from "../feed-formats.ts";
import type { Site } from "../model.ts";
import { absoluteUrl, type FeedPaths } from "../paths.ts";
import type { FeedScope } from "./feed-scope.ts";
import { escapeHtml } from "./html.ts";

/** The Feed History namespace of RFC 5005 §6. */
export const FEED_HISTORY_NS = "http://purl.org/syndication/history/1.0";

/**
 * Adds RFC 5005 archive markup to an RSS or Atom document rendered by the `feed` package, which
 * has no option for it: `fh:archive` on archive documents (§4), and `prev-archive`,
 * `next-archive` and `current` links (§4; in RSS as atom:link, per Appendix B). Each is inserted
 * right after the channel's (RSS) or feed's (Atom) start tag, which always precedes any content,
 * so no text of an article can be mistaken for the insertion point.
 */
export function withFeedHistory(xml: string, site: Site, scope: FeedScope, format: "rss" | "atom"): string {
  const links: [string, FeedPaths | undefined][] = [
    ["current", scope.current],
    ["prev-archive", scope.prevArchive],
    ["next-archive", scope.nextArchive],
  ];
  const [indent, link] = format === "rss" ? ["\n        ", "atom:link"] : ["\n    ", "link"];
  const type = FEED_FORMAT[format].mediaType;
  const elements = links.flatMap(([rel, paths]) =>
    paths ? [`<${link} rel="${rel}" type="${type}" href="${escapeHtml(absoluteUrl(site.url, paths[format]))}"/>`] : [],
  );
  if (scope.archived) elements.unshift("<fh:archive/>");
  if (elements.length === 0) return xml;
  const head = format === "rss" ? /<channel>/ : /<feed\b[^>]*>/;
  const root = format === "rss" ? /<rss\b/ : /<feed\b/;
  const withNamespace = scope.archived ? xml.replace(root, `$& xmlns:fh="${FEED_HISTORY_NS}"`) : xml;
  return withNamespace.replace(head, (tag) => tag + elements.map((element) => indent + element).join(""));
}
