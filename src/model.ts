/**
 * The validated content that every renderer works from. Produced once by src/build/content.ts;
 * after that boundary, code trusts these types.
 */

export interface Site {
  title: string;
  description: string;
  /** Absolute base URL with no trailing slash, e.g. `https://news.example.com`. */
  url: string;
  /** BCP 47 language tag, e.g. `en`. */
  language: string;
  publisher: { name: string; url: string };
  /** Absolute URL of the site icon. */
  icon: string;
  defaultAuthor: string;
  /** IANA time zone that dates are shown in on pages, e.g. `Asia/Seoul`. */
  timeZone: string;
  /** How many of the newest articles each subscription feed carries; also the size of each archive page. */
  feedItems: number;
  /** Absolute URL of the WebSub hub that feeds announce and `npm run notify-hub` pings, if any. */
  hub?: string | undefined;
}

export interface Article {
  slug: string;
  title: string;
  author: string;
  summary: string;
  tags: readonly string[];
  published: Date;
  updated: Date;
  /** Sanitized HTML of the body, every URL in it absolute. */
  html: string;
  /** Absolute canonical URL of the article page. */
  url: string;
  /** The content file it came from, relative to the content folder (for messages). */
  source: string;
  /** The lead photo (front matter `image`), shown in the header, previews and feed enclosures. */
  image?: Photo | undefined;
  /** The photos in the body, in order, each already written into `html`. */
  figures: readonly Photo[];
}

/**
 * A picture as the renderers use it: its default rendition (the largest, in the format it came
 * in) and, for photos processed by the build, every rendition for `srcset`.
 */
export interface Photo {
  /** Absolute URL of the default rendition: what `src`, og:image and feed enclosures point at. */
  url: string;
  width: number;
  height: number;
  /** Media type of `url`, e.g. image/jpeg; undefined for a remote image the build cannot inspect. */
  type?: string | undefined;
  /** Size of `url`'s file in bytes, known for photos processed by the build. */
  byteLength?: number | undefined;
  /** Renditions by format, the original format first, then WebP; empty for a remote image. */
  sources: readonly PhotoSource[];
  /** "" marks a decorative image on purpose. */
  alt: string;
  caption?: string | undefined;
  credit?: string | undefined;
}

/** One format's renditions, smallest first, as `srcset` lists them. */
export interface PhotoSource {
  type: string;
  renditions: readonly { url: string; width: number; height: number; byteLength: number }[];
}

/** The site and its articles, newest first. */
export interface Corpus {
  site: Site;
  articles: readonly Article[];
}
