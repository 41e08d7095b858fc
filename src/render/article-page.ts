import { decodeHTMLAttribute } from "entities";
import type { Article, Photo, Site } from "../model.ts";
import { PATHS } from "../paths.ts";
import { html, time, trusted, type Html } from "./html.ts";
import { newsArticleJsonLd } from "./json-ld.ts";
import { renderPage } from "./layout.ts";
import { leadFigure, withWebp } from "./photo.ts";
import { feedLinks, siteFeeds } from "./subscribe.ts";
import { topicAutodiscovery, topicLinks } from "./topic-links.ts";

/** The canonical HTML page of one article: a reading layout, with the metadata that link previews and search engines read. */
export function renderArticlePage(site: Site, article: Article): string {
  const modified = article.updated.getTime() !== article.published.getTime();
  return renderPage({
    site,
    title: `${article.title} · ${site.title}`,
    description: article.summary,
    canonical: article.url,
    head: html`<link rel="amphtml" href="${site.url}${PATHS.articleAmp(article.slug)}">
${topicAutodiscovery(site, article)}${socialMeta(site, article)}
${newsArticleJsonLd(site, article)}`,
    body: html`<article>
<header>
<h1>${article.title}</h1>
<p class="byline">By <span class="author">${article.author}</span></p>
<p class="meta">Published ${time(article.published, site)}${modified ? html` · Updated ${time(article.updated, site)}` : ""}</p>
${article.image ? leadFigure(article.image) : ""}
</header>
${trusted(withWebp(article.html, article.figures))}
${article.tags.length > 0 ? html`<p class="tags">Topics: ${topicLinks(site, article.tags)}</p>` : ""}
</article>
${subscribeAside(site)}`,
  });
}

/**
 * OpenGraph (https://ogp.me/, read by Facebook, LinkedIn, Slack, Mastodon...) and Twitter card
 * tags, so a shared link previews with the headline and summary. An image is offered only when
 * the article has one: a link preview without a picture beats one with the wrong picture. The
 * lead photo comes with its size, so a preview can lay itself out before fetching it.
 */
function socialMeta(site: Site, article: Article): Html {
  const image: PreviewImage | undefined = article.image ?? article.figures[0] ?? firstImage(article.html);
  return html`<meta property="og:type" content="article">
<meta property="og:site_name" content="${site.title}">
<meta property="og:title" content="${article.title}">
<meta property="og:description" content="${article.summary}">
<meta property="og:url" content="${article.url}">
${image ? openGraphImage(image) : ""}<meta property="article:published_time" content="${article.published.toISOString()}">
<meta property="article:modified_time" content="${article.updated.toISOString()}">
<meta property="article:author" content="${article.author}">
${article.tags.map((tag) => html`<meta property="article:tag" content="${tag}">\n`)}<meta name="twitter:card" content="${image ? "summary_large_image" : "summary"}">
<meta name="twitter:title" content="${article.title}">
<meta name="twitter:description" content="${article.summary}">
${image ? html`<meta name="twitter:image" content="${image.url}">\n` : ""}${image?.alt ? html`<meta name="twitter:image:alt" content="${image.alt}">\n` : ""}`;
}

/** A picture for link previews: a photo, or the body's first <img>, whose size may be unknown. */
type PreviewImage = Pick<Photo, "url" | "alt"> & Partial<Pick<Photo, "width" | "height" | "type">>;

/** og:image with its structured properties (https://ogp.me/#structured), as far as they are known. */
function openGraphImage({ url, alt, width, height, type }: PreviewImage): Html {
  return html`<meta property="og:image" content="${url}">
${type ? html`<meta property="og:image:type" content="${type}">\n` : ""}${width && height ? html`<meta property="og:image:width" content="${width}">\n<meta property="og:image:height" content="${height}">\n` : ""}${alt ? html`<meta property="og:image:alt" content="${alt}">\n` : ""}`;
}

/** A visible way to follow the site from the end of the story, where readers decide. */
function subscribeAside(site: Site): Html {
  // The same for every article of a site: written once.
  let aside = SUBSCRIBE_ASIDES.get(site);
  if (!aside) SUBSCRIBE_ASIDES.set(site, (aside = writtenSubscribeAside(site)));
  return aside;
}

const SUBSCRIBE_ASIDES = new WeakMap<Site, Html>();

function writtenSubscribeAside(site: Site): Html {
  return html`<aside class="subscribe" aria-labelledby="follow-heading">
<h2 id="follow-heading">Follow ${site.title}</h2>
<p>Get every new article in your feed reader: ${feedLinks(siteFeeds(site))}. <a href="${site.url}${PATHS.home}#subscribe">How to subscribe</a></p>
</aside>`;
}

/** The first image of the sanitized body, its attributes decoded (`html` encodes them again). */
function firstImage(body: string): PreviewImage | undefined {
  // Most bodies have no image: a plain search says so faster than the expression.
  if (!body.includes("<img")) return undefined;
  const tag = /<img\b[^>]*>/.exec(body)?.[0];
  const src = tag && /\ssrc="([^"]*)"/.exec(tag)?.[1];
  if (!tag || !src) return undefined;
  return { url: decodeHTMLAttribute(src), alt: decodeHTMLAttribute(/\salt="([^"]*)"/.exec(tag)?.[1] ?? "") };
}
