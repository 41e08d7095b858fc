import { PATHS } from "../paths.ts";
import { negotiate, type Offer } from "./negotiate.ts";
import type { BodySource } from "./body-cache.ts";
import type { StoredResource } from "./resource.ts";
import { prepareResource, serveResource, type PreparedResource } from "./serve.ts";

/** Answers a GET (and so a HEAD) on one path. */
export type Route = (request: Request) => Response;

/**
 * Every path the Worker answers, each with its headers prepared once: the rendered documents
 * as they are, plus `/feed`, which picks one of the three feeds by Accept. `bodyOf` assembles a
 * document's body; it runs on the first request for the document, not here.
 */
export function buildRoutes(
  resources: ReadonlyMap<string, StoredResource>,
  bodyOf: (resource: StoredResource) => string,
): ReadonlyMap<string, Route> {
  const documents = new Map<string, Document>();
  for (const [path, resource] of resources) documents.set(path, { resource, body: () => bodyOf(resource) });
  const routes = new Map<string, Route>();
  for (const [path, { resource, body }] of documents) {
    const prepared = prepareResource(resource, path, body);
    routes.set(path, (request) => serveResource(request, prepared));
  }
  routes.set(PATHS.negotiatedFeed, negotiatedFeed(documents));
  return routes;
}

interface Document {
  resource: StoredResource;
  body: BodySource;
}

/**
 * `/feed`: RSS, Atom or JSON Feed by the Accept header, RSS when nothing matches better. The body
 * varies with Accept, so `Vary: Accept` (and only here); `Content-Location` names the concrete URL
 * of what was chosen (RFC 9110 §8.7). Each choice has its own ETag, that of its bytes, so a cache
 * holding several variants can send all their tags in one If-None-Match and learn from the 304's
 * ETag which one to serve (RFC 9111 §4.3.2).
 */
function negotiatedFeed(documents: ReadonlyMap<string, Document>): Route {
  const offer = (path: string, mediaTypes: Offer<PreparedResource>["mediaTypes"]): Offer<PreparedResource> => {
    const document = documents.get(path);
    if (!document) throw new Error(`/feed offers ${path}, which the build did not render`);
    return { mediaTypes, value: prepareResource(document.resource, PATHS.negotiatedFeed, document.body, [["vary", "Accept"], ["content-location", path]]) };
  };
  // XML-only clients can read RSS and Atom, JSON-only clients JSON Feed (structured syntax
  // suffixes, RFC 6839), so the generic types count for them, below their own type.
  const offers = [
    offer(PATHS.rss, ["application/rss+xml", "application/xml", "text/xml"]),
    offer(PATHS.atom, ["application/atom+xml", "application/xml", "text/xml"]),
    offer(PATHS.jsonFeed, ["application/feed+json", "application/json"]),
  ] as const;
  return (request) => serveResource(request, negotiate(request.headers.get("accept"), offers));
}
