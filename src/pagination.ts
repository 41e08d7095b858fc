import type { Article } from "./model.ts";

/** How many articles a numbered listing page holds (`/page/N`, `/tags/:tag/page/N`). */
export const LISTING_PAGE_SIZE = 50;

/** One HTML page of a list of articles (the index or a topic page). */
export interface ListingPage {
  /** undefined for the first page (`/`, `/tags/:tag`), else its number in `/page/N`. */
  number: number | undefined;
  /** Newest first. */
  articles: readonly Article[];
  /** The page of newer articles (rel="prev"): a number, "first" for the first page, or none on the first page. */
  newer: number | "first" | undefined;
  /** The page of older articles (rel="next"), if any. */
  older: number | undefined;
  /**
   * The page's articles and links will never change again: it is full and a newer numbered page
   * already exists, so no new article can alter its "newer" link. Cached like a sealed archive.
   */
  final: boolean;
}

/**
 * A list of articles (newest first) cut into HTML pages whose URLs keep their articles.
 *
 * Numbered pages are counted from the oldest article, as RFC 5005 archives are
 * (src/render/feed-scope.ts): `/page/1` holds the oldest `pageSize`, and a new article never
 * moves an article to another numbered page, so a full page that already has a newer numbered
 * page is final and can be cached as immutable. The first page (`/`) holds every article that
 * is not on a full page yet: the newest `pageSize` to `2 × pageSize - 1` articles. Counting from
 * the newest instead (Hugo's and WordPress's `/page/2`) would change every page on every publish.
 */
export function listingPages(articles: readonly Article[], pageSize = LISTING_PAGE_SIZE): ListingPage[] {
  const numbered = Math.max(0, Math.floor(articles.length / pageSize) - 1);
  const oldestFirst = [...articles].reverse();
  const first: ListingPage = {
    number: undefined,
    articles: articles.slice(0, articles.length - numbered * pageSize),
    newer: undefined,
    older: numbered > 0 ? numbered : undefined,
    final: false,
  };
  const pages: ListingPage[] = [first];
  for (let n = numbered; n >= 1; n--) {
    pages.push({
      number: n,
      articles: oldestFirst.slice((n - 1) * pageSize, n * pageSize).reverse(),
      newer: n === numbered ? "first" : n + 1,
      older: n > 1 ? n - 1 : undefined,
      final: n < numbered,
    });
  }
  return pages;
}
