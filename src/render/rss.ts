import type { Site } from "../model.ts";
import { renderFeedXml } from "./feed-adapter.ts";
import { feedEntry } from "./feed-items.ts";
import type { FeedScope } from "./feed-scope.ts";

/** RSS 2.0 with full content in `content:encoded`, a self link, and `dc:creator` for authors. */
export function renderRss(site: Site, scope: FeedScope): string {
  return renderFeedXml("rss", site, scope, scope.articles.map(feedEntry));
}
