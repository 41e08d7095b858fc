import type { Context } from "hono";
import { CACHE_CONTROL } from "./cache-policy.ts";
import { ALLOWED_METHODS, CORS_HEADERS } from "./cors.ts";
import { preparedHeaders, type HeaderList } from "./headers.ts";
import { securityHeaders } from "./security-headers.ts";

const TEXT_TYPE = "text/plain; charset=utf-8";
const TEXT: HeaderList[number] = ["content-type", TEXT_TYPE];
const TEXT_SECURITY = securityHeaders("inert");

const NOT_FOUND_HEADERS = preparedHeaders([TEXT, ["cache-control", CACHE_CONTROL.notFound], ...CORS_HEADERS, ...TEXT_SECURITY]);

/** 404 for any path that is not a rendered document: small, plain, briefly cacheable. */
export function notFound(): Response {
  return new Response("Not found\n", { status: 404, headers: NOT_FOUND_HEADERS });
}

/**
 * No Cache-Control: only GET and HEAD responses are stored by caches here (RFC 9111 §3 needs a
 * method the cache understands as cacheable), and those never get a 405.
 */
const METHOD_NOT_ALLOWED_HEADERS = preparedHeaders([TEXT, ["allow", ALLOWED_METHODS], ...CORS_HEADERS, ...TEXT_SECURITY]);

/** 405 for any other method on a path that exists, with the methods it does answer. */
export function methodNotAllowed(): Response {
  return new Response("Method not allowed\n", { status: 405, headers: METHOD_NOT_ALLOWED_HEADERS });
}

/**
 * Any exception: a generic 500 that names a request id and nothing else, never a stack trace;
 * the full error goes to the log under the same id, so an operator can find it. `no-store`, so
 * caches keep serving their last good copy (stale-if-error) and do not keep the failure.
 */
export function internalError(error: unknown, c: Context): Response {
  const requestId = requestIdOf(c.req.header("cf-ray"));
  console.error(`request ${requestId} failed:`, error);
  return new Response(`Internal server error (request id ${requestId})\n`, {
    status: 500,
    headers: [TEXT, ["cache-control", CACHE_CONTROL.error], ["x-request-id", requestId], ...CORS_HEADERS, ...TEXT_SECURITY],
  });
}

/**
 * Cloudflare's Ray ID when the request came through the edge (the same id is in Cloudflare's own
 * logs), otherwise a fresh UUID. Anything else in the header is a client's invention and is not
 * echoed into the body or the log.
 */
function requestIdOf(cfRay: string | undefined): string {
  return cfRay !== undefined && RAY_ID.test(cfRay) ? cfRay : crypto.randomUUID();
}

/** 16 hex digits, then the data centre's IATA code: `8c1f2a3b4c5d6e7f-NRT`. */
const RAY_ID = /^[0-9a-f]{16}(?:-[A-Z]{3})?$/;
