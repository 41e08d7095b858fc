import type { Site } from "../model.ts";
import { html, trusted, type Html } from "./html.ts";
import { feedLinks, siteFeeds, type FeedLink } from "./subscribe.ts";

export interface PageOptions {
  site: Site;
  title: string;
  description: string;
  /** Absolute canonical URL of this page. */
  canonical: string;
  /** Extra elements for <head> (meta tags, JSON-LD, rel links). */
  head?: Html;
  /**
   * Same-origin scripts, loaded with `defer`. Never inline: the Content-Security-Policy forbids
   * inline script, and every page must work without any script at all.
   */
  scripts?: readonly string[];
  body: Html;
}

/** The HTML shell every page shares: language, canonical link, feed autodiscovery, header and footer. */
export function renderPage({ site, title, description, canonical, head, scripts = [], body }: PageOptions): string {
  const { autodiscovery, footerFeeds } = siteMarkup(site);
  const page = html`<!DOCTYPE html>
<html lang="${site.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<meta name="description" content="${description}">
<link rel="canonical" href="${canonical}">
<link rel="icon" href="${site.icon}">
${autodiscovery}
${head ?? ""}
<style>${trusted(STYLE)}</style>
${scripts.map((src) => html`<script src="${src}" defer></script>\n`)}</head>
<body>
<header class="site">
<a class="home" href="${site.url}/">${site.title}</a>
<a class="subscribe-link" href="${site.url}/#subscribe">Subscribe</a>
</header>
<main>
${body}
</main>
<footer class="site">
<p>Follow in a feed reader: ${footerFeeds}</p>
<p>© ${site.publisher.name}</p>
</footer>
</body>
</html>
`;
  return page.toString();
}

/** The markup of every page that depends on the site alone: written once per site, not once per page. */
function siteMarkup(site: Site): { autodiscovery: Html; footerFeeds: Html } {
  let markup = SITE_MARKUP.get(site);
  if (!markup) {
    const feeds = siteFeeds(site);
    SITE_MARKUP.set(site, (markup = { autodiscovery: feedAutodiscovery(site, feeds), footerFeeds: feedLinks(feeds) }));
  }
  return markup;
}

const SITE_MARKUP = new WeakMap<Site, { autodiscovery: Html; footerFeeds: Html }>();

/** `<link rel="alternate">` for each feed, so browsers and readers find them from any page. */
export function feedAutodiscovery(site: Site, feeds: readonly FeedLink[] = siteFeeds(site)): Html {
  return html`${feeds.map(
    (feed, i) => html`${i > 0 ? "\n" : ""}<link rel="alternate" type="${feed.type}" title="${site.title} (${feed.name})" href="${feed.url}">`,
  )}`;
}

/** Markup every page carries the same: the encoder stores it once for all of them (src/build/documents.ts). */
export const SHARED_PAGE_MARKUP = (): readonly string[] => [STYLE];

const STYLE = `
.align-left{text-align:left}.align-center{text-align:center}.align-right{text-align:right}
:root{color-scheme:light dark;--fg:#1c1917;--muted:#57534e;--bg:#fafaf9;--panel:#f0eeec;--rule:#d6d3d1;--accent:#b93c0b;--sans:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
@media (prefers-color-scheme:dark){:root{--fg:#e7e5e4;--muted:#a8a29e;--bg:#1c1917;--panel:#292524;--rule:#44403c;--accent:#fb923c}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1.125rem/1.7 Charter,"Bitstream Charter","Sitka Text",Cambria,Georgia,serif}
header.site,main,footer.site{max-width:42rem;margin:0 auto;padding:1rem 1.25rem}
header.site{display:flex;justify-content:space-between;align-items:baseline;gap:1rem;border-bottom:1px solid var(--rule)}
header.site a{font:600 1rem var(--sans);text-decoration:none}
header.site .home{font-size:1.15rem;color:var(--fg)}
footer.site{margin-top:3rem;color:var(--muted);font:.9rem/1.6 var(--sans);border-top:1px solid var(--rule)}
a{color:var(--accent);text-underline-offset:.15em}
a:hover{text-decoration-thickness:2px}
:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
h1,h2,h3{line-height:1.25;text-wrap:balance}
h1{font-size:clamp(1.75rem,6vw,2.5rem);margin:1.5rem 0 .75rem;letter-spacing:-.01em}
h2{font-size:1.4rem;margin:2.25rem 0 .5rem}
h3{font-size:1.25rem;margin:0 0 .25rem}
p{margin:0 0 1.1rem}
.meta,.byline,.lede-meta{color:var(--muted);font:.95rem/1.5 var(--sans);margin:0 0 .35rem}
.byline .author{color:var(--fg);font-weight:600}
.lede{font-size:1.2rem;color:var(--muted)}
main>article>header{margin-bottom:2rem;padding-bottom:1rem;border-bottom:1px solid var(--rule)}
figure{margin:2rem 0;padding:0 0 0 1rem;border-left:3px solid var(--accent)}
figure img{display:block;margin-bottom:.5rem}
figure.lead{margin:1.5rem 0 0;padding:0;border:0}
ol.articles li{display:flow-root}
.thumb{float:right;margin:.35rem 0 .5rem 1rem}
.thumb img{display:block;width:7rem;height:auto;border-radius:.25rem}
@media (max-width:30rem){.thumb img{width:5.5rem}}
figcaption{color:var(--muted);font:.9rem/1.5 var(--sans)}
.credit{display:block;font-style:italic;margin-top:.25rem}
img{max-width:100%;height:auto}
blockquote{margin:1.5rem 0;padding-left:1rem;border-left:3px solid var(--rule);color:var(--muted)}
pre{overflow-x:auto;padding:1rem;background:var(--panel);font-size:.9rem}
.tags{font:.9rem var(--sans);color:var(--muted)}
ol.articles{list-style:none;padding:0;margin:0}
ol.articles li{padding:1.25rem 0;border-bottom:1px solid var(--rule)}
ol.articles li:last-child{border-bottom:0}
ol.articles h3 a{color:var(--fg);text-decoration:none}
ol.articles h3 a:hover{color:var(--accent);text-decoration:underline}
.more{font:600 .95rem var(--sans)}
nav.pagination{display:flex;justify-content:space-between;gap:1rem;margin:1.5rem 0;font:600 1rem var(--sans)}
nav.pagination a[rel=next]{margin-left:auto}
.subscribe{margin-top:2.5rem;padding:1.25rem 1.25rem .25rem;background:var(--panel);border-radius:.5rem;font:1rem/1.6 var(--sans)}
.subscribe h2{margin-top:0}
ul.feeds{list-style:none;padding:0;margin:0 0 1rem}
ul.feeds li{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem .75rem;padding:.6rem 0;border-top:1px solid var(--rule)}
.feed-name{font-weight:600;flex:0 0 6rem}
@media (max-width:30rem){.feed-name{flex-basis:100%}}
.feed-url{flex:1 1 0;min-width:0;font:.9rem ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
button.copy{font:600 .85rem var(--sans);padding:.35rem .8rem;border:1px solid var(--accent);border-radius:.35rem;background:transparent;color:var(--accent);cursor:pointer;min-height:2.25rem}
button.copy:hover,button.copy[data-copied]{background:var(--accent);color:var(--bg)}
.topics h2{font-size:1.15rem;margin:1.75rem 0 .5rem}
.topics ul{padding-left:1.25rem;margin:0 0 1rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
`.trim();
