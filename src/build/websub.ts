import type { RenderedDocument } from "../store/document.ts";
import type { Corpus } from "../model.ts";
import { absoluteUrl } from "../paths.ts";
import { subscriptionScope } from "../render/feed-scope.ts";
import { allFeeds } from "./documents.ts";

/** Written by `npm run content` beside src/generated/documents.ts, read by `npm run notify-hub`. */
export const FEED_MANIFEST_FILE = "feed-manifest.json";

/**
 * What a build publishes for WebSub: the hub, and every topic (each subscription document, in
 * each format, by its absolute self URL) with the ETag of its bytes. Two manifests tell which
 * topics changed between two builds without refetching anything.
 */
export interface FeedManifest {
  hub?: string | undefined;
  topics: Record<string, string>;
}

export function feedManifest(corpus: Corpus, documents: ReadonlyMap<string, RenderedDocument>): FeedManifest {
  const topics: Record<string, string> = {};
  for (const feed of allFeeds(corpus)) {
    for (const path of Object.values(subscriptionScope(feed, corpus.site.feedItems).self)) {
      const document = documents.get(path);
      if (document) topics[absoluteUrl(corpus.site.url, path)] = document.etag;
    }
  }
  return { hub: corpus.site.hub, topics };
}

/**
 * The topics whose bytes differ from what the hub was last told about; every topic when that is
 * unknown or the hub is another one. A topic that no longer exists is left out: the hub would
 * only fetch a 404.
 */
export function changedTopics(current: FeedManifest, notified: FeedManifest | undefined): string[] {
  const known = notified && notified.hub === current.hub ? notified.topics : {};
  return Object.keys(current.topics).filter((url) => known[url] !== current.topics[url]);
}

export interface PublishResult {
  notified: string[];
  failed: { url: string; reason: string }[];
}

/**
 * The WebSub publish ping: one form-encoded POST of `hub.mode=publish` and `hub.url=<topic>` per
 * topic. WebSub (W3C, §6) leaves how a publisher notifies its hub to the hub; this is the form
 * the widely deployed hubs document (Google's and Superfeedr's, from PubSubHubbub 0.3/0.4).
 * Google's also takes several hub.url in one request, but not every hub does, so each topic gets
 * its own request and its own success or failure. Any 2xx is success (Google answers 204).
 */
export async function publish(hub: string, topics: readonly string[], fetcher: typeof fetch = fetch): Promise<PublishResult> {
  const result: PublishResult = { notified: [], failed: [] };
  for (const url of topics) {
    try {
      const response = await fetcher(hub, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ "hub.mode": "publish", "hub.url": url }),
        signal: AbortSignal.timeout(PING_TIMEOUT_MS),
      });
      const text = await response.text();
      if (response.ok) result.notified.push(url);
      else result.failed.push({ url, reason: `${response.status} ${response.statusText} ${text.slice(0, 200)}`.trim() });
    } catch (error) {
      result.failed.push({ url, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return result;
}

/** A hub that has not answered in 10 seconds is down; the next run retries the topic. */
const PING_TIMEOUT_MS = 10_000;

/**
 * What the hub has now been told about: the new ETag of each notified topic, and the old one of
 * each failed topic, so the next run pings it again.
 */
export function afterPublish(current: FeedManifest, notified: FeedManifest | undefined, result: PublishResult): FeedManifest {
  const topics: Record<string, string> = { ...notified?.topics };
  for (const url of Object.keys(current.topics)) {
    if (!result.failed.some((failure) => failure.url === url)) topics[url] = current.topics[url]!;
  }
  for (const url of Object.keys(topics)) if (!(url in current.topics)) delete topics[url];
  return { hub: current.hub, topics };
}
