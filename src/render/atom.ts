import type { Site } from "../model.ts";
import { feedXmlParts, type XmlCheck } from "./feed-adapter.ts";
import { feedEntry } from "./feed-items.ts";
import type { FeedScope } from "./feed-scope.ts";

/** Atom 1.0 (RFC 4287) with full content, per-entry published and updated times, and authors. */
export function renderAtom(site: Site, scope: FeedScope, check?: XmlCheck): string {
  return atomParts(site, scope, check).join("");
}

/** The same document as the parts it is assembled from (src/render/feed-adapter.ts). */
export function atomParts(site: Site, scope: FeedScope, check?: XmlCheck): string[] {
  return feedXmlParts("atom", site, scope, scope.articles.map(feedEntry), check);
}
