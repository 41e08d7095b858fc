import type { Site } from "../model.ts";
import { listingPages, type ListingPage } from "../pagination.ts";
import { absoluteUrl, listingPath, PATHS, topicBase } from "../paths.ts";
import type { Topic } from "../topics.ts";
import { articleList, paginationLinks, paginationNav } from "./article-list.ts";
import { html } from "./html.ts";
import { renderPage } from "./layout.ts";
import { feedList } from "./subscribe.ts";
import { oneTopicAutodiscovery, topicFeeds } from "./topic-links.ts";

/**
 * One page of a topic (`/tags/:tag`, then `/tags/:tag/page/N`, src/pagination.ts): its articles,
 * newest first, and its three feeds, announced for autodiscovery and listed to copy. Without a page, the first.
 */
export function renderTopicPage(site: Site, topic: Topic, page: ListingPage = listingPages(topic.articles)[0]!): string {
  const base = topicBase(topic.slug);
  const first = page.number === undefined;
  const heading = first ? topic.name : `${topic.name}, page ${page.number}`;
  return renderPage({
    site,
    title: `${heading} · ${site.title}`,
    description: `Every article about ${topic.name} on ${site.title}, newest first.`,
    canonical: absoluteUrl(site.url, listingPath(base, page.number)),
    head: html`${oneTopicAutodiscovery(site, topic)}${paginationLinks(site, base, page)}`,
    scripts: [PATHS.copyScript],
    body: html`<h1>${heading}</h1>
<p class="lede">${topic.articles.length === 1 ? "One article" : `${topic.articles.length} articles`} on ${site.title}, newest first.</p>
<section aria-labelledby="topic-articles">
<h2 id="topic-articles">${first ? "Latest articles" : "Older articles"}</h2>
${articleList(site, page.articles)}
${paginationNav(site, base, page)}
</section>
<section class="subscribe" aria-labelledby="topic-feeds">
<h2 id="topic-feeds">Follow ${topic.name}</h2>
<p>Every new article about ${topic.name}, in your feed reader:</p>
${feedList(topicFeeds(site, topic.slug))}
</section>`,
  });
}
