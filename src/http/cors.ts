import { preparedHeaders, type HeaderList } from "./headers.ts";
import { BODILESS_SECURITY_HEADERS } from "./security-headers.ts";

/**
 * Cross-origin access. Everything here is public, identical for every requester, and served
 * without cookies or credentials, so `*` reveals nothing a plain HTTP client could not fetch. It
 * is on every response, not only feeds: web-based readers fetch feeds, and some fetch article
 * pages for full text; a script that gets a 404 or 500 should see that status, not an opaque
 * CORS failure.
 */
export const CORS_HEADERS: HeaderList = [
  ["access-control-allow-origin", "*"],
  // Last-Modified is CORS-safelisted already; ETag and Content-Location (which format /feed chose)
  // are not, and a reader needs ETag to poll with If-None-Match.
  ["access-control-expose-headers", "ETag, Last-Modified, Content-Location"],
];

/** The methods every route answers (RFC 9110 §10.2.1 Allow). */
export const ALLOWED_METHODS = "GET, HEAD, OPTIONS";

/**
 * The answer to OPTIONS, and so to every CORS preflight: the same for every route. Responses to
 * OPTIONS are not cacheable (RFC 9110 §9.3.7), hence no Cache-Control; Access-Control-Max-Age
 * lets the browser skip further preflights instead.
 */
export const PREFLIGHT_HEADERS: HeaderList = [
  ["allow", ALLOWED_METHODS],
  ["access-control-allow-origin", "*"],
  ["access-control-allow-methods", ALLOWED_METHODS],
  // The conditional-request fields a polling script sends, and Accept for /feed (a long or
  // unusual Accept value is not CORS-safelisted and triggers a preflight).
  ["access-control-allow-headers", "If-None-Match, If-Modified-Since, Accept"],
  // A day: the answer changes only if the code does. Browsers cap it (Firefox 24 h, Chromium 2 h).
  ["access-control-max-age", "86400"],
];

const PREFLIGHT_RESPONSE_HEADERS = preparedHeaders([...PREFLIGHT_HEADERS, ...BODILESS_SECURITY_HEADERS]);

/** 204 to OPTIONS on any existing path, preflight or not. */
export function preflight(): Response {
  return new Response(null, { status: 204, headers: PREFLIGHT_RESPONSE_HEADERS });
}
