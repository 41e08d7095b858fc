import type { Article, Photo, Site } from "../model.ts";
import { toAmpHtml } from "./amp-transform.ts";
import { html, time, trusted, type Html } from "./html.ts";
import { figcaption, srcset } from "./photo.ts";
import { newsArticleJsonLd } from "./json-ld.ts";

/**
 * The AMP version of an article (https://amp.dev/documentation/guides-and-tutorials/learn/spec/amphtml):
 * the lightest page that still carries the whole story. Headline, byline, dates, body and captions;
 * no site navigation, nothing that runs but the AMP runtime, one small <style amp-custom>. It
 * points back to the canonical page, which points here with <link rel="amphtml">.
 */
export function renderAmpPage(site: Site, article: Article): string {
  const modified = article.updated.getTime() !== article.published.getTime();
  const page = html`<!doctype html>
<html ⚡ lang="${site.language}">
<head>
<meta charset="utf-8">
<script async src="https://cdn.ampproject.org/v0.js"></script>
<title>${article.title} · ${site.title}</title>
<link rel="canonical" href="${article.url}">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="description" content="${article.summary}">
${newsArticleJsonLd(site, article)}
<style amp-custom>${trusted(AMP_STYLE)}</style>
${trusted(AMP_BOILERPLATE)}
</head>
<body>
<article>
<h1>${article.title}</h1>
<p class="byline">By ${article.author}</p>
<p class="meta">Published ${time(article.published, site)}${modified ? html` · Updated ${time(article.updated, site)}` : ""}</p>
${article.image ? ampLeadFigure(article.image) : ""}
${trusted(toAmpHtml(article.html))}
</article>
</body>
</html>
`;
  return page.toString();
}

/** The lead photo as a responsive amp-img (AMP's own lazy loading and srcset selection), with its caption and credit. */
function ampLeadFigure(photo: Photo): Html {
  const primary = photo.sources[0];
  return html`<figure class="lead"><amp-img src="${photo.url}"${primary ? html` srcset="${srcset(primary)}"` : ""} width="${photo.width}" height="${photo.height}" layout="responsive" alt="${photo.alt}"></amp-img>${figcaption(photo)}</figure>`;
}

/**
 * Well under AMP's 75,000-byte cap on author CSS. AMP forbids !important, @import and inline
 * style attributes; none are used.
 */
/** Markup every AMP page carries the same: the encoder stores it once for all of them (src/build/documents.ts). */
export const SHARED_AMP_MARKUP = (): readonly string[] => [AMP_STYLE, AMP_BOILERPLATE];

const AMP_STYLE = `
.align-left{text-align:left}.align-center{text-align:center}.align-right{text-align:right}
:root{color-scheme:light dark;--fg:#1c1917;--muted:#57534e;--bg:#fafaf9;--accent:#c2410c}
@media (prefers-color-scheme:dark){:root{--fg:#e7e5e4;--muted:#a8a29e;--bg:#1c1917;--accent:#fb923c}}
body{margin:0;background:var(--bg);color:var(--fg);font:1.125rem/1.65 Georgia,"Times New Roman",serif}
article{max-width:42rem;margin:0 auto;padding:1rem 1.25rem}
a{color:var(--accent)}
h1{font-size:1.75rem;line-height:1.2;margin:.5rem 0}
h2{font-size:1.35rem;margin-top:2rem}
.meta,.byline{color:var(--muted);font:.95rem system-ui,sans-serif;margin:.25rem 0}
figure{margin:1.5rem 0;padding:0 0 0 1rem;border-left:3px solid var(--accent)}
figure.lead{margin:1rem 0 1.5rem;padding:0;border:0}
figcaption{color:var(--muted);font:.9rem/1.5 system-ui,sans-serif}
.credit{display:block;font-style:italic}
`.trim();

/** The required AMP boilerplate, verbatim (https://amp.dev/documentation/guides-and-tutorials/learn/spec/amp-boilerplate). */
const AMP_BOILERPLATE =
  "<style amp-boilerplate>body{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal both;-moz-animation:-amp-start 8s steps(1,end) 0s 1 normal both;-ms-animation:-amp-start 8s steps(1,end) 0s 1 normal both;animation:-amp-start 8s steps(1,end) 0s 1 normal both}@-webkit-keyframes -amp-start{from{visibility:hidden}to{visibility:visible}}@-moz-keyframes -amp-start{from{visibility:hidden}to{visibility:visible}}@-ms-keyframes -amp-start{from{visibility:hidden}to{visibility:visible}}@-o-keyframes -amp-start{from{visibility:hidden}to{visibility:visible}}@keyframes -amp-start{from{visibility:hidden}to{visibility:visible}}</style><noscript><style amp-boilerplate>body{-webkit-animation:none;-moz-animation:none;-ms-animation:none;animation:none}</style></noscript>";
