import { CACHE_CONTROL } from "./cache-policy.ts";
import { isNotModified } from "./conditional.ts";
import type { Resource } from "./resource.ts";

/**
 * The response for a rendered document: 200 with the body, or 304 when the client's validators
 * still match. Hono answers HEAD by running the GET route and dropping the body, so HEAD gets
 * exactly these headers.
 */
export function serveResource(request: Request, resource: Resource): Response {
  const headers = validatorHeaders(resource);
  if (isNotModified(request.headers, resource)) return new Response(null, { status: 304, headers });
  headers.set("content-type", resource.contentType);
  return new Response(resource.body, { status: 200, headers });
}

/**
 * The headers a 304 must repeat from the 200 it stands for (RFC 9110 §15.4.5): ETag,
 * Last-Modified and Cache-Control, so a cache can refresh what it stored.
 */
function validatorHeaders(resource: Resource): Headers {
  return new Headers({
    etag: resource.etag,
    "last-modified": resource.lastModified,
    "cache-control": CACHE_CONTROL[resource.cacheClass],
  });
}
