import type { Part } from "./text.ts";

/**
 * The contract between the build and the Worker: what the build renders for each path
 * (RenderedDocument), and what the generated module keeps of it (StoredDocument), its body left
 * in the shared text (src/store/encode.ts writes it, src/store/decode.ts reads it back).
 */

/**
 * How a response may be cached; each class has its own Cache-Control (src/http/cache-policy.ts).
 * An AMP page is the same article in other markup, so it is a "page": a correction must reach
 * both on the same schedule.
 */
export type CacheClass = "feed" | "archive" | "page" | "index" | "asset";

/**
 * What a document may run or load when a browser opens it; each class has its own
 * Content-Security-Policy (src/http/security-headers.ts). Decided by the build, which knows what
 * it rendered: an HTML page, the AMP version of one (which loads the AMP runtime), or anything else
 * (feeds, the icon, scripts), where nothing may run.
 */
export type ContentPolicy = "page" | "amp" | "inert";

/** One document rendered at build time: the Worker serves it as is. */
export interface RenderedDocument {
  body: string;
  /**
   * The texts the body is assembled from, in order (joined, they are the body), when some of
   * them recur in other documents, as an article's body does in its page and its feed items: the
   * encoder stores each distinct text once (src/store/text.ts).
   */
  parts?: readonly Part[] | undefined;
  /** UTF-8 length of the body in bytes, for Content-Length (so HEAD can send it too). */
  byteLength: number;
  /** Full Content-Type header value. */
  contentType: string;
  /** Strong entity tag, quoted, derived from the body's bytes (a digest of its parts' digests, src/build/documents.ts entityTag). */
  etag: string;
  /** HTTP-date of the newest update of what the document shows. */
  lastModified: string;
  cacheClass: CacheClass;
  contentPolicy: ContentPolicy;
  /** The Cache-Tag header: the groups an operator can purge this document by (src/build/cache-tags.ts). */
  cacheTag: string;
  /** A Link header (RFC 8288), e.g. a WebSub topic's `rel="hub"` and `rel="self"` (WebSub §4). */
  link?: string;
}

/** A document as the generated module stores it: its body as ranges of the shared text. */
export interface StoredDocument extends Omit<RenderedDocument, "body" | "parts"> {
  recipe: Recipe;
}

/**
 * Every document's body as the build stored it: the text of all of them, each distinct text once,
 * as UTF-8 cut into chunks that are compressed one by one (text.bin), and for each document a
 * list of byte ranges of that text (ranges.bin). A range is two little-endian int32s: `[from, to]`
 * is the text from byte `from` to `to` as is; `[-from - 1, to]` is the same text JSON-escaped, as
 * a JSON Feed carries the HTML of the page.
 *
 * So each text is stored once whatever the documents and encodings that repeat it, and what a
 * Worker loads at start-up is a few compressed bytes per article: workerd's start-up grows with
 * every byte of the modules (npm run bench --scale). Chunks differ in size: the encoder cuts them
 * where the texts say (src/store/encode.ts), so that unchanged text keeps its compressed bytes
 * from one build to the next.
 */
export interface StoredText {
  /** Where each chunk starts in the uncompressed text, ascending from 0. */
  chunkStarts: readonly number[];
  /** Where each compressed chunk ends in text.bin; chunk `i` starts where `i - 1` ends. */
  chunkEnds: readonly number[];
}

/** Where a document's ranges are in ranges.bin: int32 entries `start` to `end`, two per range. */
export type Recipe = readonly [start: number, end: number];
