import { FEED_FORMATS } from "../feed-formats.ts";
import type { Site } from "../model.ts";
import { absoluteUrl, PATHS, type FeedPaths } from "../paths.ts";
import { html, type Html } from "./html.ts";

/** One feed a reader can subscribe to. */
export interface FeedLink {
  /** What a person calls it, e.g. "RSS". */
  name: string;
  /** Absolute URL. */
  url: string;
  /** Media type, for `<link rel="alternate">`. */
  type: string;
}

/** The site's subscription feeds, one per format, in the order people most often look for them. */
export function siteFeeds(site: Site): FeedLink[] {
  return feedsAt(site, PATHS.feed);
}

/** One feed document's links, one per format (src/feed-formats.ts). */
export function feedsAt(site: Site, paths: FeedPaths): FeedLink[] {
  return FEED_FORMATS.map(({ name, label, mediaType }) => ({ name: label, url: absoluteUrl(site.url, paths[name]), type: mediaType }));
}

/** The feeds as a short inline run of links: "RSS · Atom · JSON Feed". */
export function feedLinks(feeds: readonly FeedLink[]): Html {
  return html`${feeds.map((feed, i) => html`${i > 0 ? " · " : ""}<a href="${feed.url}">${feed.name}</a>`)}`;
}

/**
 * A list of feed URLs, each selectable as text and followable as a link, with a copy button that
 * /copy.js reveals: without JavaScript the buttons stay `hidden` and the page still works.
 */
export function feedList(feeds: readonly FeedLink[]): Html {
  return html`<ul class="feeds">
${feeds.map(
  (feed) => html`<li><span class="feed-name">${feed.name}</span> <a class="feed-url" href="${feed.url}">${feed.url}</a> <button type="button" class="copy" data-copy="${feed.url}" hidden>Copy<span class="visually-hidden"> the ${feed.name} address</span></button></li>
`,
)}</ul>`;
}

