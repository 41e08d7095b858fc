import { createHash } from "node:crypto";
import type { CacheClass, Resource } from "../store/document.ts";
import type { Corpus, Site } from "../model.ts";
import { absoluteUrl, PATHS } from "../paths.ts";
import { renderAmpPage } from "../render/amp-page.ts";
import { renderArticlePage } from "../render/article-page.ts";
import { renderAtom } from "../render/atom.ts";
import { renderCopyScript } from "../render/copy-script.ts";
import { lastUpdated } from "../render/feed-items.ts";
import { feedDocuments, siteFeed, topicFeed, type FeedScope, type LogicalFeed } from "../render/feed-scope.ts";
import { renderIndexPage } from "../render/index-page.ts";
import { renderJsonFeed } from "../render/json-feed.ts";
import { renderRss } from "../render/rss.ts";
import { topicsOf } from "../topics.ts";

export interface Assets {
  icon: string;
}

/** Every document the Worker serves, keyed by path: all rendering happens here, once. */
export function buildResources(corpus: Corpus, assets: Assets): Map<string, Resource> {
  const { site, articles } = corpus;
  const resources = new Map<string, Resource>([
    [PATHS.home, resource(renderIndexPage(corpus), "text/html; charset=utf-8", lastUpdated(articles), "index")],
    [PATHS.icon, resource(assets.icon, "image/svg+xml", new Date(0), "asset")],
    [PATHS.copyScript, resource(renderCopyScript(), "text/javascript; charset=utf-8", new Date(0), "asset")],
  ]);
  for (const feed of allFeeds(corpus)) {
    for (const scope of feedDocuments(feed, site.feedItems)) {
      for (const [path, document] of feedResources(site, scope)) resources.set(path, document);
    }
  }
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

/** One feed document in its three formats, by path. */
function feedResources(site: Site, scope: FeedScope): [string, Resource][] {
  const updated = lastUpdated(scope.articles);
  // Only an archive page that already links to a newer one is final, byte for byte; the newest
  // archive page gains its next-archive link when the following page fills up.
  const cacheClass = scope.archived && scope.nextArchive ? "archive" : "feed";
  const documents = [
    [scope.self.rss, renderRss(site, scope), "application/rss+xml; charset=utf-8"],
    [scope.self.atom, renderAtom(site, scope), "application/atom+xml; charset=utf-8"],
    [scope.self.json, renderJsonFeed(site, scope), "application/feed+json; charset=utf-8"],
  ] as const;
  return documents.map(([path, body, contentType]) => {
    const document = resource(body, contentType, updated, cacheClass);
    if (site.hub && !scope.archived) document.link = websubLink(site.hub, absoluteUrl(site.url, path));
    return [path, document];
  });
}

/**
 * WebSub discovery by Link headers (WebSub §4), the one mechanism that works for every format:
 * RSS and Atom also carry the links in the document, JSON Feed only its own `hubs`.
 */
function websubLink(hub: string, self: string): string {
  return `<${new URL(hub).href}>; rel="hub", <${self}>; rel="self"`;
}

/** The site's feed, then one feed per topic. */
export function allFeeds(corpus: Corpus): LogicalFeed[] {
  return [siteFeed(corpus), ...topicsOf(corpus.articles).map((topic) => topicFeed(corpus.site, topic))];
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
