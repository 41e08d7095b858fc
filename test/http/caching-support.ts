import { exports } from "cloudflare:workers";
import { Hono } from "hono";
import { vi } from "vitest";
import { DOCUMENTS } from "../support/documents.ts";
import { internalError } from "../../src/http/errors.ts";
import type { CacheClass, RenderedDocument } from "../../src/store/document.ts";

const BASE = "https://edgefeed.test";

/** Calls the Worker the way a client on the network would. */
export function request(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(`${BASE}${path}`, init));
}

/** The document the build rendered at a path (the test fails loudly if it is missing). */
export function rendered(path: string): RenderedDocument {
  const resource = DOCUMENTS.get(path);
  if (!resource) throw new Error(`the build rendered nothing at ${path}`);
  return resource;
}

/** Every path the build rendered, with its document. */
export const RENDERED_PATHS: ReadonlyArray<readonly [string, RenderedDocument]> = [...DOCUMENTS];

/** Each route once (with the cache class it is served under), /feed once per format it negotiates. */
export const ROUTES: ReadonlyArray<{ path: string; accept: string | undefined; cacheClass: CacheClass; label: string }> = [
  ...RENDERED_PATHS.map(([path, { cacheClass }]) => ({ path, accept: undefined, cacheClass, label: path })),
  ...[undefined, "application/atom+xml", "application/feed+json"].map((accept) => ({
    path: "/feed",
    accept,
    cacheClass: "feed" as const,
    label: `/feed (Accept: ${accept ?? "none"})`,
  })),
];

/** Response headers as the plain object http-cache-semantics and snapshots expect. */
export function headerRecord(headers: Headers): Record<string, string> {
  return Object.fromEntries(headers);
}

/**
 * The Worker's answer to an exception (src/http/errors.ts), from an app whose only route throws
 * `error`; the error log is silenced and returned for inspection.
 */
export async function failingWorkerResponse(init?: RequestInit, error = new Error("failure on purpose")) {
  const app = new Hono().get("*", () => {
    throw error;
  });
  app.onError(internalError);
  const log = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    const response = await app.fetch(new Request("https://edgefeed.test/feed.xml", init));
    return Object.assign(response, { log: log.mock.calls.slice() });
  } finally {
    log.mockRestore();
  }
}
