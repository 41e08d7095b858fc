import type { Article, Site } from "../model.ts";
import { absoluteUrl, subscriptionPaths, topicBase } from "../paths.ts";
import { topicsOf } from "../topics.ts";
import { topicFeedTitle } from "./feed-scope.ts";
import { html, type Html } from "./html.ts";

/** The index page's list of topics, each with its three feeds and how many articles it holds. */
export function renderTopicList(site: Site, articles: readonly Article[]): Html | "" {
  const topics = topicsOf(articles);
  if (topics.length === 0) return "";
  return html`<section class="topics">
<h2>Topics</h2>
<ul>
${topics.map((topic) => {
  const feeds = feedUrls(site, topic.slug);
  return html`<li>${topic.name} <span class="meta">(${topic.articles.length}) <a href="${feeds.rss}">RSS</a> · <a href="${feeds.atom}">Atom</a> · <a href="${feeds.json}">JSON Feed</a></span></li>
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
    const feeds = feedUrls(site, topic.slug);
    const title = topicFeedTitle(site, topic.name);
    return html`<link rel="alternate" type="application/rss+xml" title="${title} (RSS)" href="${feeds.rss}">
<link rel="alternate" type="application/atom+xml" title="${title} (Atom)" href="${feeds.atom}">
<link rel="alternate" type="application/feed+json" title="${title} (JSON Feed)" href="${feeds.json}">
`;
  })}`;
}

function feedUrls(site: Site, slug: string): { rss: string; atom: string; json: string } {
  const paths = subscriptionPaths(topicBase(slug));
  return { rss: absoluteUrl(site.url, paths.rss), atom: absoluteUrl(site.url, paths.atom), json: absoluteUrl(site.url, paths.json) };
}
