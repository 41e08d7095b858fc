import type { Site } from "../model.ts";
import { feedXmlParts, type XmlCheck } from "./feed-adapter.ts";
import { feedEntry } from "./feed-items.ts";
import type { FeedScope } from "./feed-scope.ts";

/** RSS 2.0 with full content in `content:encoded`, a self link, and `dc:creator` for authors. */
export function renderRss(site: Site, scope: FeedScope, check?: XmlCheck): string {
  return rssParts(site, scope, check).join("");
}

/** The same document as the parts it is assembled from (src/render/feed-adapter.ts). */
export function rssParts(site: Site, scope: FeedScope, check?: XmlCheck): string[] {
  return feedXmlParts("rss", site, scope, scope.articles.map(feedEntry), check);
}
