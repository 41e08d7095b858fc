import type { HeaderList } from "../store/document.ts";

/**
 * The security headers of a response, by its Content-Type and path. Every response the app makes
 * (200, 301, 304, 404, 405, 500...) is built from a header list that includes these, and every
 * list is computed once at module load (src/http/serve.ts, errors.ts, cors.ts, canonical-path.ts),
 * so a request pays nothing for them. No response ever carries Set-Cookie: nothing sets one.
 *
 * Hono's `secureHeaders` middleware is not used: it cannot choose a policy per kind of document
 * (a page, the AMP page, a feed), its defaults (Cross-Origin-Resource-Policy: same-origin) would
 * stop other sites embedding the icon or reading the feeds, and a middleware runs per request.
 */
export function securityHeadersFor(contentType: string | null, path: string): HeaderList {
  const policy = contentSecurityPolicy(contentType, path);
  return policy ? [...EVERY_RESPONSE, ["content-security-policy", policy]] : EVERY_RESPONSE;
}

const EVERY_RESPONSE: HeaderList = [
  // Browsers must trust our Content-Type and never sniff a feed or a 404 into HTML.
  ["x-content-type-options", "nosniff"],
  // Linked sites learn which site a reader came from, not which page; plain HTTP learns nothing.
  ["referrer-policy", "strict-origin-when-cross-origin"],
  // For browsers without CSP frame-ancestors; DENY matches frame-ancestors 'none' below.
  ["x-frame-options", "DENY"],
  // Pages that only show text and images need no device, sensor or payment API.
  ["permissions-policy", "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"],
];

/**
 * Pages run no inline or injected script: `script-src 'self'` admits only files the site serves
 * (the index's /copy.js, which reveals its copy buttons; every page works without it). Styles may be inline because every page carries one
 * `<style>` element in its head, and AMP requires its boilerplate and `amp-custom` styles inline;
 * a hash would have to follow every CSS edit, and inline CSS cannot run script. Article bodies
 * cannot bring styles in: the sanitizer removes `<style>` and `style` attributes at build time.
 * Images may come from any HTTPS host because authors embed photographs by absolute URL.
 */
const PAGE_DIRECTIVES = [
  "default-src 'none'",
  "img-src 'self' https:",
  "style-src 'unsafe-inline'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];
const PAGE_POLICY = [...PAGE_DIRECTIVES, "script-src 'self'"].join("; ");

/** The AMP page loads the AMP runtime and its components instead, and nothing else (no site script). */
const AMP_POLICY = [...PAGE_DIRECTIVES, "script-src https://cdn.ampproject.org"].join("; ");

/**
 * Feeds, the icon and plain-text answers are documents too when opened directly: an SVG or an XML
 * file may carry script. Nothing in them may run or load; inline style stays allowed for the
 * browsers' own XML viewers.
 */
const NON_HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox";

/** The AMP route, PATHS.articleAmp in src/paths.ts: /articles/:slug/amp. */
const AMP_PATH = /^\/articles\/[^/]+\/amp$/;

/**
 * A 304 has no Content-Type and gets no policy: it refreshes the headers a cache stored with the
 * 200 (RFC 9111 §4.3.4), which already carry the right one, and a generic policy would replace it.
 */
function contentSecurityPolicy(contentType: string | null, path: string): string | undefined {
  if (contentType === null) return undefined;
  if (!contentType.startsWith("text/html")) return NON_HTML_POLICY;
  return AMP_PATH.test(path) ? AMP_POLICY : PAGE_POLICY;
}

/** For bodiless answers (304, 301, 204): no Content-Type, so no policy (see contentSecurityPolicy). */
export const BODILESS_SECURITY_HEADERS: HeaderList = securityHeadersFor(null, "");
