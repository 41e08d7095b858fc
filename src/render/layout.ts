import type { Site } from "../model.ts";
import { PATHS } from "../paths.ts";
import { html, type Html } from "./html.ts";

export interface PageOptions {
  site: Site;
  title: string;
  description: string;
  /** Absolute canonical URL of this page. */
  canonical: string;
  /** Extra elements for <head> (meta tags, JSON-LD, rel links). */
  head?: Html;
  body: Html;
}

/** The HTML shell every page shares: language, canonical link, feed autodiscovery, header and footer. */
export function renderPage({ site, title, description, canonical, head, body }: PageOptions): string {
  const page = html`<!doctype html>
<html lang="${site.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<meta name="description" content="${description}">
<link rel="canonical" href="${canonical}">
<link rel="icon" href="${site.icon}">
${feedAutodiscovery(site)}
${head ?? ""}
<style>${STYLE}</style>
</head>
<body>
<header class="site"><a href="${site.url}/">${site.title}</a></header>
<main>
${body}
</main>
<footer class="site">
<p>Subscribe: <a href="${site.url}${PATHS.rss}">RSS</a> · <a href="${site.url}${PATHS.atom}">Atom</a> · <a href="${site.url}${PATHS.jsonFeed}">JSON Feed</a></p>
<p>© ${site.publisher.name}</p>
</footer>
</body>
</html>
`;
  return page.toString();
}

/** `<link rel="alternate">` for each feed, so browsers and readers find them from any page. */
export function feedAutodiscovery(site: Site): Html {
  return html`<link rel="alternate" type="application/rss+xml" title="${site.title} (RSS)" href="${site.url}${PATHS.rss}">
<link rel="alternate" type="application/atom+xml" title="${site.title} (Atom)" href="${site.url}${PATHS.atom}">
<link rel="alternate" type="application/feed+json" title="${site.title} (JSON Feed)" href="${site.url}${PATHS.jsonFeed}">`;
}

const STYLE = `
:root{color-scheme:light dark;--fg:#1c1917;--muted:#57534e;--bg:#fafaf9;--accent:#c2410c}
@media (prefers-color-scheme:dark){:root{--fg:#e7e5e4;--muted:#a8a29e;--bg:#1c1917;--accent:#fb923c}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:1.125rem/1.65 Georgia,"Times New Roman",serif}
header.site,footer.site,main{max-width:42rem;margin:0 auto;padding:1rem 1.25rem}
header.site a{font:700 1.1rem system-ui,sans-serif;color:var(--accent);text-decoration:none}
footer.site{color:var(--muted);font:.9rem system-ui,sans-serif;border-top:1px solid color-mix(in srgb,var(--muted) 30%,transparent)}
a{color:var(--accent)}
h1{font-size:clamp(1.6rem,5vw,2.3rem);line-height:1.2;margin:.5rem 0}
h2{font-size:1.35rem;margin-top:2rem}
.meta,.byline{color:var(--muted);font:.95rem system-ui,sans-serif}
figure{margin:1.5rem 0;padding:0 0 0 1rem;border-left:3px solid var(--accent)}
figcaption{color:var(--muted);font:.9rem/1.5 system-ui,sans-serif}
.credit{display:block;font-style:italic}
img{max-width:100%;height:auto}
ol.articles{list-style:none;padding:0}
ol.articles li{margin:0 0 1.75rem}
ol.articles h2{margin:0}
`.trim();
