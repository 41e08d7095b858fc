import type { Article, Site } from "../model.ts";
import { absoluteUrl, listingPath, subscriptionPaths, topicBase } from "../paths.ts";
import { topicSlug, topicsOf, type Topic } from "../topics.ts";
import { topicFeedTitle } from "./feed-scope.ts";
import { html, type Html } from "./html.ts";
import { feedLinks, feedsAt, type FeedLink } from "./subscribe.ts";

/** The index page's list of topics, each with a link to its page, its feeds and how many articles it holds. */
export function renderTopicList(site: Site, articles: readonly Article[]): Html | "" {
  const topics = topicsOf(articles);
  if (topics.length === 0) return "";
  return html`<section class="topics">
<h2>Topics</h2>
<ul>
${topics.map((topic) => {
  return html`<li><a href="${topicPageUrl(site, topic.slug)}">${topic.name}</a> <span class="meta">(${topic.articles.length}) ${feedLinks(topicFeeds(site, topic.slug))}</span></li>
`;
})}</ul>
</section>`;
}

/**
 * `<link rel="alternate">` for the feeds of each topic an article carries, so a reader on the page
 * can subscribe to exactly that topic. Two spellings of one tag announce its feeds once.
 */
export function topicAutodiscovery(site: Site, article: Article): Html {
  return html`${topicsOf([article]).map((topic) => oneTopicAutodiscovery(site, topic))}`;
}

/** `<link rel="alternate">` for one topic's feeds, titled as the feeds are. */
export function oneTopicAutodiscovery(site: Site, topic: Pick<Topic, "slug" | "name">): Html {
  // Thousands of articles share a few topics: each topic's links are written once per site.
  let written = AUTODISCOVERY.get(site);
  if (!written) AUTODISCOVERY.set(site, (written = new Map()));
  // A slug holds no line break: the key splits one way only.
  const key = `${topic.slug}\n${topic.name}`;
  let links = written.get(key);
  if (links === undefined) {
    const title = topicFeedTitle(site, topic.name);
    links = html`${topicFeeds(site, topic.slug).map((feed) => html`<link rel="alternate" type="${feed.type}" title="${title} (${feed.name})" href="${feed.url}">
`)}`;
    written.set(key, links);
  }
  return links;
}

const AUTODISCOVERY = new WeakMap<Site, Map<string, Html>>();

/** A topic's subscription feeds, as the Subscribe block lists the site's. */
export function topicFeeds(site: Site, slug: string): FeedLink[] {
  return feedsAt(site, subscriptionPaths(topicBase(slug)));
}

/** The article's topics as links to their pages, in the spelling the article uses. */
export function topicLinks(site: Site, tags: readonly string[]): Html {
  return html`${tags.map((tag, i) => html`${i > 0 ? ", " : ""}<a href="${topicPageUrl(site, topicSlug(tag))}">${tag}</a>`)}`;
}

/** The absolute URL of a topic's (first) page. */
export function topicPageUrl(site: Site, slug: string): string {
  return absoluteUrl(site.url, listingPath(topicBase(slug), undefined));
}
