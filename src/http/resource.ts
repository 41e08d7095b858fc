/** How a response may be cached; each class has its own Cache-Control (src/http/cache-policy.ts). */
export type CacheClass = "feed" | "page" | "index" | "asset";

/** One document rendered at build time: the Worker serves it as is. */
export interface Resource {
  body: string;
  /** Full Content-Type header value. */
  contentType: string;
  /** Strong entity tag, quoted, derived from the body bytes. */
  etag: string;
  /** HTTP-date of the newest update of what the document shows. */
  lastModified: string;
  cacheClass: CacheClass;
}
