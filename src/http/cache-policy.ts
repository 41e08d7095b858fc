import type { CacheClass } from "./resource.ts";

/**
 * Cache-Control for each class of response. Content changes only when the site is deployed, so
 * every 200 carries validators and caches revalidate cheaply (a 304 costs a map lookup).
 */
export const CACHE_CONTROL: Readonly<Record<CacheClass | "notFound" | "error", string>> = {
  // Feeds are polled: an hour of max-age is what well-behaved readers honour (and what most poll
  // at anyway); the edge keeps them 5 minutes, so a deploy reaches every subscriber within 5
  // minutes plus their own hour; stale-while-revalidate lets the edge answer at once while it
  // refreshes, and stale-if-error keeps feeds up for a week if the Worker fails (RFC 5861).
  feed: "public, max-age=3600, s-maxage=300, stale-while-revalidate=86400, stale-if-error=604800",
  // Article pages change rarely (corrections): browsers revalidate after 5 minutes, the edge
  // after an hour; a day of stale-while-revalidate and a week of stale-if-error.
  page: "public, max-age=300, s-maxage=3600, stale-while-revalidate=86400, stale-if-error=604800",
  // The index changes with every new article: short everywhere, so new stories show quickly.
  index: "public, max-age=60, s-maxage=300, stale-while-revalidate=3600, stale-if-error=604800",
  // The icon changes with a redesign at most: a day.
  asset: "public, max-age=86400, stale-while-revalidate=604800",
  // A missing page may be published soon (a slug shared before the deploy): one minute.
  notFound: "public, max-age=60",
  // Never cache a failure (RFC 9111 §5.2.2.5): a cache keeps serving what it had instead.
  error: "no-store",
};
