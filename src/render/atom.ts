import type { Site } from "../model.ts";
import { renderFeedXml } from "./feed-adapter.ts";
import { feedEntry } from "./feed-items.ts";
import type { FeedScope } from "./feed-scope.ts";

/** Atom 1.0 (RFC 4287) with full content, per-entry published and updated times, and authors. */
export function renderAtom(site: Site, scope: FeedScope): string {
  return renderFeedXml("atom", site, scope, scope.articles.map(feedEntry));
}
