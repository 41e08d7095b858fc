import type { Site } from "../model.ts";
import { PATHS } from "../paths.ts";
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

/** The site's three subscription feeds, in the order people most often look for them. */
export function siteFeeds(site: Site): FeedLink[] {
  return [
    { name: "RSS", url: `${site.url}${PATHS.rss}`, type: "application/rss+xml" },
    { name: "Atom", url: `${site.url}${PATHS.atom}`, type: "application/atom+xml" },
    { name: "JSON Feed", url: `${site.url}${PATHS.jsonFeed}`, type: "application/feed+json" },
  ];
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

