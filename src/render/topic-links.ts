import type { Article, Site } from "../model.ts";
import { subscriptionPaths, topicBase } from "../paths.ts";
import { topicsOf } from "../topics.ts";
import { topicFeedTitle } from "./feed-scope.ts";
import { html, type Html } from "./html.ts";
import { feedLinks, feedsAt, type FeedLink } from "./subscribe.ts";

/** The index page's list of topics, each with its feeds and how many articles it holds. */
export function renderTopicList(site: Site, articles: readonly Article[]): Html | "" {
  const topics = topicsOf(articles);
  if (topics.length === 0) return "";
  return html`<section class="topics">
<h2>Topics</h2>
<ul>
${topics.map((topic) => {
  return html`<li>${topic.name} <span class="meta">(${topic.articles.length}) ${feedLinks(topicFeeds(site, topic.slug))}</span></li>
`;
})}</ul>
</section>`;
}

/**
 * `<link rel="alternate">` for the feeds of each topic an article carries, so a reader on the page
 * can subscribe to exactly that topic. Two spellings of one tag announce its feeds once.
 */
export function topicAutodiscovery(site: Site, article: Article): Html {
  const topics = topicsOf([article]);
  return html`${topics.map((topic) => {
    const title = topicFeedTitle(site, topic.name);
    return html`${topicFeeds(site, topic.slug).map((feed) => html`<link rel="alternate" type="${feed.type}" title="${title} (${feed.name})" href="${feed.url}">
`)}`;
  })}`;
}

function topicFeeds(site: Site, slug: string): FeedLink[] {
  return feedsAt(site, subscriptionPaths(topicBase(slug)));
}
