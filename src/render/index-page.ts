import type { Article, Corpus, Site } from "../model.ts";
import { listingPages, type ListingPage } from "../pagination.ts";
import { absoluteUrl, listingPath, PATHS } from "../paths.ts";
import { articleList, paginationLinks, paginationNav } from "./article-list.ts";
import { html, type Html } from "./html.ts";
import { renderPage } from "./layout.ts";
import { feedList, siteFeeds } from "./subscribe.ts";
import { renderTopicList } from "./topic-links.ts";

/**
 * One page of the index: the first (`/`) has the site, the newest articles and the feeds to
 * subscribe to; the others (`/page/N`, src/pagination.ts) the older articles. Without a page, the first.
 */
export function renderIndexPage({ site, articles }: Corpus, page: ListingPage = listingPages(articles)[0]!): string {
  const first = page.number === undefined;
  return renderPage({
    site,
    title: first ? site.title : `Articles, page ${page.number} · ${site.title}`,
    description: site.description,
    canonical: absoluteUrl(site.url, listingPath("", page.number)),
    head: paginationLinks(site, "", page),
    // Root-relative, so the script is same-origin (CSP script-src 'self') whatever host serves the page.
    scripts: first ? [PATHS.copyScript] : [],
    body: html`<h1>${first ? site.title : `Articles, page ${page.number}`}</h1>
<p class="lede">${site.description}</p>
<section aria-labelledby="latest">
<h2 id="latest">${first ? "Latest articles" : "Older articles"}</h2>
${articleList(site, page.articles)}
${paginationNav(site, "", page)}
</section>
${first ? subscribeSection(site, articles) : ""}`,
  });
}

/**
 * Where a reader subscribes: what a feed reader is, every feed URL with a copy button, then the
 * feeds of each topic. More lists of feeds go below, as further `feedList`s under their own heading.
 */
function subscribeSection(site: Site, articles: readonly Article[]): Html {
  return html`<section id="subscribe" class="subscribe" aria-labelledby="subscribe-heading">
<h2 id="subscribe-heading">Subscribe</h2>
<p>A feed reader (NetNewsWire, Feedly, Inoreader, Thunderbird and many more) checks the sites you follow and shows each new article in one place, with no account here and no e-mail. Copy one of these addresses into yours; each carries every article in full.</p>
${feedList(siteFeeds(site))}
<p class="meta">Not sure which one? Any reader takes RSS.</p>
${renderTopicList(site, articles)}
</section>`;
}
