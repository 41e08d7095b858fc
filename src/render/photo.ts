import { decodeHTMLAttribute } from "entities";
import type { Article, Photo, PhotoSource } from "../model.ts";
import { html, type Html } from "./html.ts";

/**
 * How wide a photo in an article is shown: the 42rem column less its padding, or the whole
 * screen below that (layout.ts), for the browser to pick a rendition before it lays out the page.
 */
export const COLUMN_SIZES = "(min-width: 42rem) 39.5rem, 100vw";

/** How wide an index thumbnail is shown (layout.ts `.thumb`). */
export const THUMBNAIL_SIZES = "7rem";

/**
 * A photo as a <picture>: WebP for browsers that take it, the source format for the rest, each
 * at every width, and a width and height so the browser reserves the space before a byte arrives
 * (no layout shift). `priority` is for the lead photo, the largest thing in the first screen:
 * fetched early rather than lazily (web.dev "Optimize Largest Contentful Paint").
 */
export function pictureElement(photo: Photo, { sizes, priority = false, className }: { sizes: string; priority?: boolean; className?: string }): Html {
  const [primary, ...others] = photo.sources;
  const loading = priority ? html`fetchpriority="high" decoding="async"` : html`loading="lazy" decoding="async"`;
  return html`<picture${className ? html` class="${className}"` : ""}>${others.map(
    (source) => html`<source type="${source.type}" srcset="${srcset(source)}" sizes="${sizes}">`,
  )}<img src="${photo.url}"${primary ? html` srcset="${srcset(primary)}" sizes="${sizes}"` : ""} width="${photo.width}" height="${photo.height}" alt="${photo.alt}" ${loading}></picture>`;
}

/** The lead photo as the figure in an article's header, with its caption and credit. */
export function leadFigure(photo: Photo): Html {
  return html`<figure class="lead">${pictureElement(photo, { sizes: COLUMN_SIZES, priority: true })}${figcaption(photo)}</figure>`;
}

export function figcaption(photo: Photo): Html | "" {
  if (!photo.caption && !photo.credit) return "";
  return html`<figcaption>${photo.caption ?? ""}${photo.credit ? html`${photo.caption ? " " : ""}<span class="credit">${photo.credit}</span>` : ""}</figcaption>`;
}

/**
 * The article body as feeds carry it: the lead photo first, as a figure with its caption and
 * credit, since most readers show only the content (an enclosure or media:content is a thumbnail
 * at best). A plain <img> with absolute URLs and its size: readers drop <picture> and lazy loading.
 */
export function feedBody(article: Pick<Article, "image" | "html">): string {
  const photo = article.image;
  if (!photo) return article.html;
  // The feed items, the JSON Feed item and the build's store all ask for it: written once per article.
  let body = FEED_BODIES.get(article);
  if (body === undefined) FEED_BODIES.set(article, (body = writtenFeedBody(article.html, photo)));
  return body;
}

const FEED_BODIES = new WeakMap<Pick<Article, "image" | "html">, string>();

function writtenFeedBody(body: string, photo: Photo): string {
  const primary = photo.sources[0];
  const img = html`<img src="${photo.url}"${primary ? html` srcset="${srcset(primary)}" sizes="${COLUMN_SIZES}"` : ""} width="${photo.width}" height="${photo.height}" alt="${photo.alt}">`;
  return `${html`<figure>${img}${figcaption(photo)}</figure>`}\n${body}`;
}

/** A `srcset` value: every rendition of one format with its width. */
export function srcset(source: PhotoSource): string {
  return source.renditions.map(({ url, width }) => `${url} ${width}w`).join(", ");
}

/**
 * The body with each photo's <img> (written by the build with the source format's srcset)
 * wrapped in a <picture> that offers WebP first. Only for the site's own pages: feed readers and
 * AMP get the <img> alone, which every client understands. The body is the sanitizer's output,
 * whose attributes are always double-quoted, so a tag ends at the first `>` outside quotes.
 */
export function withWebp(body: string, photos: readonly Photo[]): string {
  const byUrl = new Map(photos.filter((photo) => photo.sources.length > 1).map((photo) => [photo.url, photo]));
  if (byUrl.size === 0) return body;
  return body.replace(/<img\b(?:[^>"]|"[^"]*")*>/g, (tag) => {
    const src = /\ssrc="([^"]*)"/.exec(tag)?.[1];
    const photo = src === undefined ? undefined : byUrl.get(decodeHTMLAttribute(src));
    if (!photo) return tag;
    const sizes = decodeHTMLAttribute(/\ssizes="([^"]*)"/.exec(tag)?.[1] ?? COLUMN_SIZES);
    const sources = photo.sources.slice(1).map((source) => html`<source type="${source.type}" srcset="${srcset(source)}" sizes="${sizes}">`);
    return `<picture>${sources.join("")}${tag}</picture>`;
  });
}
