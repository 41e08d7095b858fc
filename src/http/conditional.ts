/** What a conditional request is compared against: prepared once per document, on its first request (src/http/serve.ts). */
export interface Validators {
  /** Strong entity tag, quoted. */
  readonly etag: string;
  /** Last-Modified as milliseconds since the epoch. */
  readonly lastModified: number;
}

/**
 * Whether a GET or HEAD can be answered 304 Not Modified (RFC 9110 §13.2.2): If-None-Match
 * decides when present; If-Modified-Since is evaluated only without it.
 */
export function isNotModified(headers: Headers, validators: Validators): boolean {
  const ifNoneMatch = headers.get("if-none-match");
  if (ifNoneMatch) return listsEntityTag(ifNoneMatch, validators.etag);
  const ifModifiedSince = headers.get("if-modified-since");
  if (ifModifiedSince) return unmodifiedSince(ifModifiedSince, validators.lastModified);
  return false;
}

/**
 * If-None-Match = "*" / #entity-tag (RFC 9110 §13.1.2), compared weakly: `W/"x"` matches `"x"`.
 * Cloudflare weakens strong ETags when it compresses a response, so clients echo them back with
 * `W/`. A value that is not a well-formed list (an unquoted tag, `*` inside a list, junk between
 * tags) matches nothing: the client gets the full 200 rather than a 304 it may not expect.
 */
export function listsEntityTag(field: string, etag: string): boolean {
  if (field === etag) return true;
  const value = field.trim();
  if (value === "*") return true;
  let found = false;
  LIST_MEMBER.lastIndex = 0;
  while (LIST_MEMBER.lastIndex < value.length) {
    const member = LIST_MEMBER.exec(value);
    if (member === null) return false;
    if (member[1] === etag) found = true;
  }
  return found;
}

/**
 * One member of a list and the comma after it (or the end): OWS, an optional entity-tag
 * (optional `W/`, then a quoted opaque-tag of etagc, RFC 9110 §8.8.3), OWS. Empty members are
 * allowed, as the list rule says (RFC 9110 §5.6.1). Sticky, so members must follow each other.
 */
const LIST_MEMBER = /[ \t]*(?:(?:W\/)?("[\x21\x23-\x7e\x80-\xff]*"))?[ \t]*(?:,|$)/y;

/**
 * RFC 9110 §13.1.3: the field is ignored unless it is a single valid HTTP-date, and a date later
 * than the server's clock is invalid. So a malformed or future date means "not a 304", never an
 * error.
 */
function unmodifiedSince(field: string, lastModified: number): boolean {
  const since = parseHttpDate(field);
  return since !== undefined && lastModified <= since && since <= Date.now();
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
