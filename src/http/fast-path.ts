import { getPath } from "hono/utils/url";
import type { Routes } from "./routes.ts";

/**
 * GET and HEAD of a rendered document, answered before Hono builds a Context: the one request
 * polled millions of times, served at the cost of a constant (npm run bench measured Hono's
 * dispatch alone at 1.1-1.3x a constant response's CPU). The path is Hono's own getPath, so
 * the fast path and the router always agree on which document a URL names; a route answers HEAD
 * as Hono would, the GET's status and headers without the body.
 *
 * Anything else (another method, a path that is not a document, a failure, now or while the
 * body is assembled) goes to `app`, the Hono app, whose routes and error handler answer it.
 */
export function serveDocumentFast(
  request: Request,
  routes: Routes,
  app: () => Response | Promise<Response>,
): Response | Promise<Response> {
  const method = request.method;
  if (method !== "GET" && method !== "HEAD") return app();
  const route = routes.get(getPath(request));
  if (route === undefined) return app();
  try {
    const response = route(request);
    return response instanceof Promise ? response.catch(app) : response;
  } catch {
    return app();
  }
}
