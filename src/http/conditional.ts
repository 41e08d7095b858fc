import type { Resource } from "./resource.ts";

/**
 * Whether a GET or HEAD can be answered 304 Not Modified (RFC 9110 §13.2.2): If-None-Match
 * decides when present; If-Modified-Since is evaluated only without it.
 */
export function isNotModified(headers: Headers, resource: Resource): boolean {
  const ifNoneMatch = headers.get("if-none-match");
  if (ifNoneMatch !== null) return matchesAny(ifNoneMatch, resource.etag);
  const ifModifiedSince = headers.get("if-modified-since");
  if (ifModifiedSince !== null) return notModifiedSince(ifModifiedSince, resource.lastModified);
  return false;
}

/**
 * If-None-Match uses the weak comparison (RFC 9110 §13.1.2): `W/"x"` matches `"x"`. Cloudflare
 * weakens strong ETags when it compresses a response, so clients echo them back with `W/`.
 */
function matchesAny(field: string, etag: string): boolean {
  if (field.trim() === "*") return true;
  const opaque = stripWeak(etag);
  for (const match of field.matchAll(ENTITY_TAG)) {
    if (match[1] === opaque) return true;
  }
  return false;
}

/** An entity-tag inside a list: optional W/, then a quoted opaque-tag (RFC 9110 §8.8.3). */
const ENTITY_TAG = /(?:W\/)?("[\x21\x23-\x7e\x80-\xff]*")/g;

function stripWeak(etag: string): string {
  return etag.startsWith("W/") ? etag.slice(2) : etag;
}

/**
 * A malformed date, or one later than the representation's own, is ignored (RFC 9110 §13.1.3:
 * the field is ignored if the value is not a valid HTTP-date).
 */
function notModifiedSince(field: string, lastModified: string): boolean {
  const since = parseHttpDate(field);
  const modified = Date.parse(lastModified);
  return since !== undefined && modified <= since && since <= Date.now();
}

/** IMF-fixdate, plus the obsolete RFC 850 and asctime forms recipients must accept (RFC 9110 §5.6.7). */
const HTTP_DATE =
  /^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d{2}-(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-\d{2} \d{2}:\d{2}:\d{2} GMT|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d{2}:\d{2}:\d{2} \d{4})$/;

export function parseHttpDate(value: string): number | undefined {
  const trimmed = value.trim();
  if (!HTTP_DATE.test(trimmed)) return undefined;
  const time = Date.parse(trimmed.endsWith("GMT") ? trimmed : `${trimmed} GMT`);
  return Number.isNaN(time) ? undefined : time;
}
