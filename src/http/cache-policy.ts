import type { CacheClass } from "../store/document.ts";

/**
 * Cache-Control for each class of response. Content changes only when the site is deployed, and
 * every 200 carries validators, so once a copy is stale a cache revalidates it with a 304 that
 * costs a map lookup and no body.
 *
 * No CDN-Cache-Control or Cloudflare-CDN-Cache-Control: `s-maxage` already gives every shared
 * cache (CDN, proxy, Cloudflare's Workers Cache) its own lifetime, and a longer CDN-only lifetime
 * pays off only where a deploy purges the CDN, which nothing here does.
 */
export const CACHE_CONTROL: Readonly<Record<CacheClass | "notFound" | "error", string>> = {
  // Feeds are polled, not visited. max-age=3600: an hour is what well-behaved readers honour and
  // about how often most of them poll anyway. s-maxage=300: a shared cache answers the crowd of
  // pollers and checks back every 5 minutes, so a new article reaches every subscriber within
  // 5 minutes plus their own hour. stale-while-revalidate=86400: after those 5 minutes the cache
  // answers at once from its copy while it revalidates in the background, for up to a day.
  // stale-if-error=604800: if the Worker fails, caches keep serving the last good feed for a
  // week instead of an error (RFC 5861), so no reader drops the subscription over an outage.
  feed: "public, max-age=3600, s-maxage=300, stale-while-revalidate=86400, stale-if-error=604800",
  // A full RFC 5005 archive page that already links to the next one never changes again (its
  // articles are counted from the oldest, and the page size is in its URL). max-age=31536000 and
  // immutable (RFC 8246): a year, and browsers skip even revalidation. s-maxage=86400: shared
  // caches revalidate daily, so a correction to an old article reaches new backfills within a day
  // (the 304 costs a map lookup). A day of stale-while-revalidate, a week of stale-if-error, as
  // for feeds.
  archive: "public, max-age=31536000, s-maxage=86400, stale-while-revalidate=86400, stale-if-error=604800, immutable",
  // Article pages (and their AMP versions) change only with a correction. max-age=300: a reader's
  // browser asks again after 5 minutes. s-maxage=3600: shared caches keep a page an hour, so a
  // correction is everywhere within an hour. A day of stale-while-revalidate, a week of
  // stale-if-error, as for feeds.
  page: "public, max-age=300, s-maxage=3600, stale-while-revalidate=86400, stale-if-error=604800",
  // The index changes with every new article: a minute in browsers, 5 minutes in shared caches,
  // so a new story shows quickly; an hour of stale-while-revalidate, a week of stale-if-error.
  index: "public, max-age=60, s-maxage=300, stale-while-revalidate=3600, stale-if-error=604800",
  // The icon changes with a redesign at most: a day everywhere, a week of serving it stale while
  // revalidating or when the Worker fails.
  asset: "public, max-age=86400, stale-while-revalidate=604800, stale-if-error=604800",
  // A missing page may be published soon (a slug shared before the deploy): one minute, in
  // browsers and shared caches alike, which still absorbs a scanner hammering the same path.
  notFound: "public, max-age=60",
  // Never store a failure (RFC 9111 §5.2.2.5): a cache keeps serving what it had (stale-if-error)
  // and the next request tries the Worker again.
  error: "no-store",
};
