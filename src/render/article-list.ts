import type { Article, Photo, Site } from "../model.ts";
import type { ListingPage } from "../pagination.ts";
import { absoluteUrl, listingPath } from "../paths.ts";
import { html, time, type Html } from "./html.ts";
import { pictureElement, THUMBNAIL_SIZES } from "./photo.ts";

/** A page of articles, newest first, each with its title, date, author, summary and a link. */
export function articleList(site: Site, articles: readonly Article[]): Html {
  return html`${ARTICLE_LIST_START}${articles.map((article) => articleTeaser(site, article))}${ARTICLE_LIST_END}`;
}

/**
 * Around the teasers, one after another: a listing page is its page as rendered with no
 * articles, these two marking where their teasers go (src/build/documents.ts assembles it so).
 */
export const ARTICLE_LIST_START = html`<ol class="articles">
`;
export const ARTICLE_LIST_END = html`</ol>`;

/**
 * `<link rel="prev">` and `<link rel="next">` for the page's neighbours (HTML's link types; "next"
 * is the following page of the sequence, which here holds older articles).
 */
export function paginationLinks(site: Site, base: string, page: ListingPage): Html {
  return html`${neighbours(site, base, page).map(({ rel, href }) => html`<link rel="${rel}" href="${href}">\n`)}`;
}

/** The visible way to the neighbouring pages, with the same rel values; nothing on a page with none. */
export function paginationNav(site: Site, base: string, page: ListingPage): Html | "" {
  const links = neighbours(site, base, page);
  if (links.length === 0) return "";
  return html`<nav class="pagination" aria-label="More articles">
${links.map(({ rel, href, label }) => html`<a rel="${rel}" href="${href}">${label}</a>\n`)}</nav>`;
}

function neighbours(site: Site, base: string, page: ListingPage): { rel: "prev" | "next"; href: string; label: string }[] {
  const url = (target: number | "first") => absoluteUrl(site.url, listingPath(base, target));
  return [
    ...(page.newer !== undefined ? [{ rel: "prev" as const, href: url(page.newer), label: "Newer articles" }] : []),
    ...(page.older !== undefined ? [{ rel: "next" as const, href: url(page.older), label: "Older articles" }] : []),
  ];
}

/**
 * An article as a listing shows it: the same markup on every page that lists it (the index's and
 * each of its topics'), so the build renders it once per article, with its pages, and puts it
 * in each listing's list (src/build/documents.ts).
 */
export function articleTeaser(site: Site, article: Article): Html {
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
