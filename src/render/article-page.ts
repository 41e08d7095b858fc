import type { Article, Site } from "../model.ts";
import { PATHS } from "../paths.ts";
import { html, time, trusted } from "./html.ts";
import { renderPage } from "./layout.ts";
import { topicAutodiscovery } from "./topic-links.ts";

/** The canonical HTML page of one article. */
export function renderArticlePage(site: Site, article: Article): string {
  const modified = article.updated.getTime() !== article.published.getTime();
  return renderPage({
    site,
    title: `${article.title} · ${site.title}`,
    description: article.summary,
    canonical: article.url,
    head: html`<link rel="amphtml" href="${site.url}${PATHS.articleAmp(article.slug)}">
${topicAutodiscovery(site, article)}`,
    body: html`<article>
<h1>${article.title}</h1>
<p class="byline">By <span class="author">${article.author}</span></p>
<p class="meta">Published ${time(article.published, site)}${modified ? html` · Updated ${time(article.updated, site)}` : ""}</p>
${trusted(article.html)}
</article>`,
  });
}
