import type { Corpus } from "../model.ts";
import { PATHS } from "../paths.ts";
import { html, time } from "./html.ts";
import { renderPage } from "./layout.ts";
import { renderTopicList } from "./topic-links.ts";

/** The home page: the site, every article newest first, and the feeds to subscribe to. */
export function renderIndexPage({ site, articles }: Corpus): string {
  return renderPage({
    site,
    title: site.title,
    description: site.description,
    canonical: `${site.url}${PATHS.home}`,
    body: html`<h1>${site.title}</h1>
<p>${site.description}</p>
<ol class="articles">
${articles.map(
  (article) => html`<li>
<h2><a href="${article.url}">${article.title}</a></h2>
<p class="meta">${time(article.published, site)} · ${article.author}</p>
<p>${article.summary}</p>
</li>
`,
)}
</ol>
${renderTopicList(site, articles)}`,
  });
}
