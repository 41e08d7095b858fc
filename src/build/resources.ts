import { createHash } from "node:crypto";
import type { CacheClass, Resource } from "../http/resource.ts";
import type { Corpus } from "../model.ts";
import { PATHS } from "../paths.ts";
import { renderAmpPage } from "../render/amp-page.ts";
import { renderArticlePage } from "../render/article-page.ts";
import { renderAtom } from "../render/atom.ts";
import { lastUpdated, feedArticles } from "../render/feed-items.ts";
import { renderIndexPage } from "../render/index-page.ts";
import { renderJsonFeed } from "../render/json-feed.ts";
import { renderRss } from "../render/rss.ts";

export interface Assets {
  icon: string;
}

/** Every document the Worker serves, keyed by path: all rendering happens here, once. */
export function buildResources(corpus: Corpus, assets: Assets): Map<string, Resource> {
  const { site, articles } = corpus;
  const feedUpdated = lastUpdated(feedArticles(corpus));
  const resources = new Map<string, Resource>([
    [PATHS.home, resource(renderIndexPage(corpus), "text/html; charset=utf-8", lastUpdated(articles), "index")],
    [PATHS.rss, resource(renderRss(corpus), "application/rss+xml; charset=utf-8", feedUpdated, "feed")],
    [PATHS.atom, resource(renderAtom(corpus), "application/atom+xml; charset=utf-8", feedUpdated, "feed")],
    [PATHS.jsonFeed, resource(renderJsonFeed(corpus), "application/feed+json; charset=utf-8", feedUpdated, "feed")],
    [PATHS.icon, resource(assets.icon, "image/svg+xml", new Date(0), "asset")],
  ]);
  for (const article of articles) {
    resources.set(
      PATHS.article(article.slug),
      resource(renderArticlePage(site, article), "text/html; charset=utf-8", article.updated, "page"),
    );
    resources.set(
      PATHS.articleAmp(article.slug),
      resource(renderAmpPage(site, article), "text/html; charset=utf-8", article.updated, "page"),
    );
  }
  return resources;
}

function resource(body: string, contentType: string, updated: Date, cacheClass: CacheClass): Resource {
  return {
    body,
    byteLength: Buffer.byteLength(body, "utf8"),
    contentType,
    etag: entityTag(body),
    lastModified: updated.toUTCString(),
    cacheClass,
  };
}

/** A strong validator (RFC 9110 §8.8.3): 128 bits of SHA-256 over the exact body bytes. */
export function entityTag(body: string): string {
  return `"${createHash("sha256").update(body, "utf8").digest("base64url").slice(0, 22)}"`;
}
