import type { ContentPolicy } from "../store/document.ts";
import type { HeaderList } from "./headers.ts";

/**
 * The security headers of a response, by what it may run (its ContentPolicy, which the build
 * decides for each document as it does the cache class). Every response the app makes
 * (200, 301, 304, 404, 405, 500...) is built from a header list that includes these, and every
 * list is computed once (a document's on its first request, src/http/serve.ts; the error,
 * CORS and redirect ones at module load, errors.ts, cors.ts, canonical-path.ts), so a request
 * pays nothing for them. No response ever carries Set-Cookie: nothing sets one.
 *
 * Hono's `secureHeaders` middleware is not used: it cannot choose a policy per kind of document
 * (a page, the AMP page, a feed), its defaults (Cross-Origin-Resource-Policy: same-origin) would
 * stop other sites embedding the icon or reading the feeds, and a middleware runs per request.
 */
export function securityHeaders(policy: ContentPolicy): HeaderList {
  return [...EVERY_RESPONSE, ["content-security-policy", CONTENT_SECURITY_POLICY[policy]]];
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
 * (the index's /copy.js, which reveals its copy buttons; every page works without it). Styles
 * may be inline because every page carries one `<style>` element in its head, and AMP requires
 * its boilerplate and `amp-custom` styles inline; a hash would have to follow every CSS edit, and
 * inline CSS cannot run script. Article bodies cannot bring styles in: the sanitizer removes
 * `<style>` and `style` attributes at build time. Images may come from any HTTPS host because
 * authors embed photographs by absolute URL.
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
const INERT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox";

const CONTENT_SECURITY_POLICY: Readonly<Record<ContentPolicy, string>> = {
  page: PAGE_POLICY,
  amp: AMP_POLICY,
  inert: INERT_POLICY,
};

/**
 * For bodiless answers (304, 301, 204): no Content-Security-Policy. A 304 refreshes the headers a
 * cache stored with the 200 (RFC 9111 §4.3.4), which already carry the right policy, and a
 * generic one would replace it; a redirect or a preflight has no content for a policy to govern.
 */
export const BODILESS_SECURITY_HEADERS: HeaderList = EVERY_RESPONSE;
