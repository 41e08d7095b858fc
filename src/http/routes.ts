import type { Env, Hono } from "hono";
import { FEED_FORMATS } from "../feed-formats.ts";
import { PATHS } from "../paths.ts";
import { aliasRedirect } from "./canonical-path.ts";
import { preflight } from "./cors.ts";
import { internalError, methodNotAllowed, notFound } from "./errors.ts";
import { negotiate, type Offer } from "./negotiate.ts";
import type { StoredDocument } from "../store/document.ts";
import { prepareDocument, serveDocument, type BodySource, type PreparedDocument } from "./serve.ts";

/** Where routes get documents' bodies: src/store/decode.ts's DocumentStore. */
export interface Bodies {
  keptBody(document: StoredDocument): Blob | undefined;
  loadBody(document: StoredDocument): Promise<Blob>;
}

/**
 * Adds the site's routes to `app`: every stored document, `/feed`, their aliases, OPTIONS, and
 * the 404, 405 and 500 answers. Everything is answered by `app`'s own routes and handlers, so a
 * middleware added to `app` before this (docs/architecture.md, "Extending") runs for every response. HEAD is
 * Hono's: the GET route's answer without its body (the route itself skips assembling one).
 */
export function addSiteRoutes<E extends Env>(
  app: Hono<E>,
  documents: readonly (readonly [path: string, document: StoredDocument])[],
  bodies: Bodies,
): Hono<E> {
  const routes = buildRoutes(documents, bodies);
  const isServed = (path: string) => routes.has(path);
  // One route for every document: it looks the path up among what the build prepared. Query
  // strings never select a document, the path is the path alone. A miss may be an alias
  // (trailing slash, index.html) of a document, redirected to it; anything else is a 404.
  app.get("*", (c) => routes.get(c.req.path)?.(c.req.raw) ?? aliasRedirect(c.req.raw, c.req.path, isServed) ?? notFound());
  app.options("*", (c) => (isServed(c.req.path) ? preflight() : notFound()));
  // No route matched: another method. 405 where a document exists, 404 elsewhere.
  app.notFound((c) => (isServed(c.req.path) ? methodNotAllowed() : notFound()));
  app.onError(internalError);
  return app;
}

/** Answers a GET or HEAD on one path. */
export type Route = (request: Request) => Response | Promise<Response>;

/** Every path the Worker answers, each with its route. */
export interface Routes {
  get(path: string): Route | undefined;
  has(path: string): boolean;
}

/**
 * The stored documents as they are, plus `/feed`, which picks one of the feeds by Accept.
 * Start-up only indexes the paths: a document's headers are prepared on its first request and
 * kept, so start-up does not grow with the work of preparing every document up front
 * (npm run bench --scale; docs/architecture.md). A body is assembled by `bodies` on the first
 * request that needs it, and kept there.
 */
export function buildRoutes(
  documents: readonly (readonly [path: string, document: StoredDocument])[],
  bodies: Bodies,
): Routes {
  const indexOf = new Map<string, number>();
  documents.forEach(([path], index) => indexOf.set(path, index));
  // Documents served so far, by path: a warm request is one lookup.
  const served = new Map<string, DocumentRoute>();
  const routeOf = (path: string): DocumentRoute | undefined => {
    let route = served.get(path);
    if (route) return route;
    const index = indexOf.get(path);
    if (index === undefined) return undefined;
    const stored = documents[index]![1];
    const body: BodySource = { kept: () => bodies.keptBody(stored), load: () => bodies.loadBody(stored) };
    const prepared = prepareDocument(stored, body);
    route = { stored, body, route: (request) => serveDocument(request, prepared) };
    served.set(path, route);
    return route;
  };
  const negotiated = negotiatedFeed(routeOf);
  return {
    get: (path) => (path === PATHS.negotiatedFeed ? negotiated : routeOf(path)?.route),
    has: (path) => path === PATHS.negotiatedFeed || indexOf.has(path),
  };
}

/** A stored document's route, made on its first request. */
interface DocumentRoute {
  stored: StoredDocument;
  /** Shared by every route that serves this document (its path and /feed). */
  body: BodySource;
  route: Route;
}

/**
 * `/feed`: RSS, Atom or JSON Feed by the Accept header, RSS when nothing matches better. The body
 * varies with Accept, so `Vary: Accept` (and only here); `Content-Location` names the concrete URL
 * of what was chosen (RFC 9110 §8.7). Each choice has its own ETag, that of its bytes, so a cache
 * holding several variants can send all their tags in one If-None-Match and learn from the 304's
 * ETag which one to serve (RFC 9111 §4.3.2).
 */
function negotiatedFeed(routeOf: (path: string) => DocumentRoute | undefined): Route {
  const offer = (path: string, mediaTypes: Offer<PreparedDocument>["mediaTypes"]): Offer<PreparedDocument> => {
    const document = routeOf(path);
    if (!document) throw new Error(`/feed offers ${path}, which the build did not render`);
    return { mediaTypes, value: prepareDocument(document.stored, document.body, [["vary", "Accept"], ["content-location", path]]) };
  };
  // A format's aliases (XML-only clients can read RSS and Atom, JSON-only clients JSON Feed)
  // count for it below its own type; the first format is the default.
  const [first, ...rest] = FEED_FORMATS.map(({ name, mediaType, aliases }) => offer(PATHS.feed[name], [mediaType, ...aliases]));
  const offers = [first!, ...rest] as const;
  return (request) => serveDocument(request, negotiate(request.headers.get("accept"), offers));
}
