import { getPath } from "hono/utils/url";

/** Answers a GET on a path: the Hono app's GET route, which the fast path calls directly. */
export type GetHandler = (request: Request, path: string) => Response | Promise<Response>;

/**
 * GET and HEAD, answered before Hono builds a Context: the requests polled millions of times
 * (documents) and the ones crawlers and scanners send by the thousand (404s), served at the cost
 * of a constant (npm run bench measured Hono's dispatch alone at 1.1-1.3x a constant response's
 * CPU). `get` is the app's own GET handler and the path Hono's own getPath, so the fast path and
 * the app always answer alike; HEAD is answered as Hono answers it, the GET's status and headers
 * without the body.
 *
 * Anything else (another method, a failure, now or while a body is assembled) goes to `app`, the
 * Hono app, whose routes and error handler answer it.
 */
export function serveGetFast(request: Request, get: GetHandler, app: () => Response | Promise<Response>): Response | Promise<Response> {
  const method = request.method;
  if (method !== "GET" && method !== "HEAD") return app();
  try {
    const response = get(request, getPath(request));
    if (method === "GET") return response instanceof Promise ? response.catch(app) : response;
    return response instanceof Promise ? response.then(withoutBody, app) : withoutBody(response);
  } catch {
    return app();
  }
}

function withoutBody(response: Response): Response {
  return response.body === null ? response : new Response(null, response);
}
