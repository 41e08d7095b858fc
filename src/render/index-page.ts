import type { Article, Corpus, Photo, Site } from "../model.ts";
import { PATHS } from "../paths.ts";
import { html, time, type Html } from "./html.ts";
import { renderPage } from "./layout.ts";
import { pictureElement, THUMBNAIL_SIZES } from "./photo.ts";
import { feedList, siteFeeds } from "./subscribe.ts";
import { renderTopicList } from "./topic-links.ts";

/** The home page: the site, every article newest first, and the feeds to subscribe to. */
export function renderIndexPage({ site, articles }: Corpus): string {
  return renderPage({
    site,
    title: site.title,
    description: site.description,
    canonical: `${site.url}${PATHS.home}`,
    // Root-relative, so the script is same-origin (CSP script-src 'self') whatever host serves the page.
    scripts: [PATHS.copyScript],
    body: html`<h1>${site.title}</h1>
<p class="lede">${site.description}</p>
<section aria-labelledby="latest">
<h2 id="latest">Latest articles</h2>
<ol class="articles">
${articles.map((article) => articleTeaser(site, article))}</ol>
</section>
${subscribeSection(site, articles)}`,
  });
}

function articleTeaser(site: Site, article: Article): Html {
  return html`<li>
${article.image ? thumbnail(article.image) : ""}<h3><a href="${article.url}">${article.title}</a></h3>
<p class="meta">${time(article.published, site)} · By ${article.author}</p>
<p>${article.summary}</p>
<a class="more" href="${article.url}">Read the article<span class="visually-hidden">: ${article.title}</span></a>
</li>
`;
}

/**
 * The lead photo, small, beside the headline. It repeats the article's link visually only: the
 * headline is the link, so the picture is decorative here (alt=""), kept out of the tab order
 * and the accessibility tree rather than announced twice.
 */
function thumbnail(photo: Photo): Html {
  return html`<div class="thumb" aria-hidden="true">${pictureElement({ ...photo, alt: "" }, { sizes: THUMBNAIL_SIZES })}</div>
`;
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
