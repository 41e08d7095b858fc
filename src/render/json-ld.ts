import sanitizeHtml from "sanitize-html";
import type { Article, Photo, Site } from "../model.ts";
import { html, trusted, type Html } from "./html.ts";

/**
 * The article's metadata as a schema.org NewsArticle in JSON-LD (https://schema.org/NewsArticle),
 * the form search engines read and AMP allows (the one <script> it permits besides its runtime).
 * Google's Article structured data recommends headline, image, datePublished, dateModified,
 * author and publisher; `image` is left out when the article has none rather than invented.
 */
export function newsArticleJsonLd(site: Site, article: Article): Html {
  // The page and the AMP page carry the same one: written once per article and site.
  const kept = JSON_LD.get(article);
  if (kept?.site === site) return kept.html;
  const written = writtenJsonLd(site, article);
  JSON_LD.set(article, { site, html: written });
  return written;
}

const JSON_LD = new WeakMap<Article, { site: Site; html: Html }>();

function writtenJsonLd(site: Site, article: Article): Html {
  const images = articleImages(article);
  const data = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    mainEntityOfPage: { "@type": "WebPage", "@id": article.url },
    url: article.url,
    headline: article.title,
    description: article.summary,
    ...(images.length > 0 ? { image: images } : {}),
    datePublished: article.published.toISOString(),
    dateModified: article.updated.toISOString(),
    inLanguage: site.language,
    // An article without a byline is signed by the newsroom, an organization rather than a person.
    author: { "@type": article.author === site.defaultAuthor ? "Organization" : "Person", name: article.author },
    publisher: {
      "@type": "Organization",
      name: site.publisher.name,
      url: site.publisher.url,
      logo: { "@type": "ImageObject", url: site.icon },
    },
  };
  return html`<script type="application/ld+json">${trusted(scriptSafeJson(data))}</script>`;
}

/**
 * JSON that cannot end its <script> element early: the HTML tokenizer ends a script at `</script`
 * and changes state at `<!--` (HTML § 13.2.5.4), both impossible without a `<`, which JSON
 * allows to be written as \u003c inside strings (the only place it can occur).
 */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replaceAll("<", "\\u003c");
}

/**
 * The lead photo and the body's photos as schema.org ImageObjects (url, width, height, caption,
 * creditText, https://schema.org/ImageObject), then the URL alone of any other picture in the
 * body, whose size the build does not know.
 */
function articleImages(article: Article): (ImageObject | string)[] {
  const photos = [...(article.image ? [article.image] : []), ...article.figures];
  const objects = new Map(photos.map((photo) => [photo.url, imageObject(photo)]));
  return [...objects.values(), ...imageUrls(article.html).filter((url) => !objects.has(url))];
}

interface ImageObject {
  "@type": "ImageObject";
  url: string;
  width: number;
  height: number;
  caption?: string;
  creditText?: string;
}

function imageObject({ url, width, height, caption, credit }: Photo): ImageObject {
  return { "@type": "ImageObject", url, width, height, ...(caption ? { caption } : {}), ...(credit ? { creditText: credit } : {}) };
}

/**
 * The absolute http(s) source of every image in the body, found by an HTML parser, in order. A
 * body without the characters `<img` in any case has no image element for any parser, and most
 * bodies have none: those skip the parse, which cost more than the rest of the page.
 */
function imageUrls(body: string): string[] {
  if (!/<img/i.test(body)) return [];
  const urls: string[] = [];
  sanitizeHtml(body, {
    allowedTags: [],
    onOpenTag: (name, attribs) => {
      const src = attribs["src"]?.trim();
      if (name === "img" && src && /^https?:\/\//i.test(src)) urls.push(src);
    },
  });
  return [...new Set(urls)];
}
