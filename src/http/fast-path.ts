import { getPath } from "hono/utils/url";
import type { Route } from "./routes.ts";

/**
 * GET and HEAD of a rendered document, answered before Hono builds a Context: the one request
 * polled millions of times, served at the cost of a constant (npm run bench measured Hono's
 * dispatch alone at 1.1-1.3x a constant response's CPU). The path is Hono's own getPath, so
 * the fast path and the router always agree on which document a URL names; HEAD is answered as
 * Hono answers it, the GET's status and headers without the body.
 *
 * Anything else (another method, a path that is not a document, an exception) returns
 * undefined and goes to the Hono app, whose routes and error handler answer it.
 */
export function serveDocumentFast(request: Request, routes: ReadonlyMap<string, Route>): Response | undefined {
  const method = request.method;
  if (method !== "GET" && method !== "HEAD") return undefined;
  const route = routes.get(getPath(request));
  if (route === undefined) return undefined;
  try {
    const response = route(request);
    return method === "HEAD" ? new Response(null, response) : response;
  } catch {
    return undefined;
  }
}
