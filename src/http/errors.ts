import type { Context } from "hono";
import { CACHE_CONTROL } from "./cache-policy.ts";

/** 404 for any path that is not a rendered document: small, plain, briefly cacheable. */
export function notFound(c: Context): Response {
  return c.text("Not found\n", 404, { "cache-control": CACHE_CONTROL.notFound });
}

/**
 * Any exception: a generic 500 that names a request id and nothing else, never a stack trace;
 * the full error goes to the log under the same id, so an operator can find it.
 */
export function internalError(error: unknown, c: Context): Response {
  const requestId = c.req.header("cf-ray") ?? crypto.randomUUID();
  console.error(`request ${requestId} failed:`, error);
  return c.text(`Internal server error (request id ${requestId})\n`, 500, {
    "cache-control": CACHE_CONTROL.error,
    "x-request-id": requestId,
  });
}
