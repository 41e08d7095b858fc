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
}

/** The site and its articles, newest first. */
export interface Corpus {
  site: Site;
  articles: readonly Article[];
}
