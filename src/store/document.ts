import type { Recipe } from "./decode.ts";

/**
 * How a response may be cached; each class has its own Cache-Control (src/http/cache-policy.ts).
 * An AMP page is the same article in other markup, so it is a "page": a correction must reach
 * both on the same schedule.
 */
export type CacheClass = "feed" | "archive" | "page" | "index" | "asset";

/** Response headers as name/value pairs, the form they are assembled in. */
export type HeaderList = [name: string, value: string][];

/**
 * Response headers as a plain object: the form handed to `new Response` on every request.
 * workerd builds a response's headers from an object's own properties measurably faster than
 * from an array of pairs, which it walks through the iterator protocol (npm run bench).
 */
export type HeaderRecord = Readonly<Record<string, string>>;

export function headerRecord(list: HeaderList): HeaderRecord {
  return Object.freeze(Object.fromEntries(list));
}

/** One document rendered at build time: the Worker serves it as is. */
export interface Resource {
  body: string;
  /** UTF-8 length of the body in bytes, for Content-Length (so HEAD can send it too). */
  byteLength: number;
  /** Full Content-Type header value. */
  contentType: string;
  /** Strong entity tag, quoted, derived from the body bytes. */
  etag: string;
  /** HTTP-date of the newest update of what the document shows. */
  lastModified: string;
  cacheClass: CacheClass;
  /** A Link header (RFC 8288), e.g. a WebSub topic's `rel="hub"` and `rel="self"` (WebSub §4). */
  link?: string;
}

/** A document as the generated module stores it: its body as ranges of the corpus (src/store/decode.ts). */
export interface StoredResource extends Omit<Resource, "body"> {
  recipe: Recipe;
}
