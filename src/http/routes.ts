import { FEED_FORMATS } from "../feed-formats.ts";
import { PATHS } from "../paths.ts";
import { negotiate, type Offer } from "./negotiate.ts";
import type { StoredDocument } from "../store/document.ts";
import { prepareDocument, serveDocument, type BodySource, type PreparedDocument } from "./serve.ts";

/** Answers a GET or HEAD on one path. */
export type Route = (request: Request) => Response | Promise<Response>;

/** Every path the Worker answers, each with its route. */
export interface Routes {
  get(path: string): Route | undefined;
  has(path: string): boolean;
}

/**
 * The rendered documents as they are, plus `/feed`, which picks one of the three feeds by
 * Accept. Start-up only indexes the paths: a document's headers are prepared on its first
 * request and kept, so start-up barely grows with the number of documents (npm run bench
 * --scale measured 15 ms for preparing 2,219 routes up front). `bodyOf` assembles a body, on the
 * first request that needs it.
 */
export function buildRoutes(
  resources: readonly (readonly [path: string, resource: StoredDocument])[],
  bodyOf: (resource: StoredDocument) => Promise<Uint8Array>,
): Routes {
  const indexOf = new Map<string, number>();
  resources.forEach(([path], index) => indexOf.set(path, index));
  // Documents served so far, by path: a warm request is one lookup.
  const prepared = new Map<string, Document>();
  const documentOf = (path: string): Document | undefined => {
    let document = prepared.get(path);
    if (document) return document;
    const index = indexOf.get(path);
    if (index === undefined) return undefined;
    const resource = resources[index]![1];
    const body = () => bodyOf(resource);
    const headers = prepareDocument(resource, body);
    document = { resource, body, route: (request) => serveDocument(request, headers) };
    prepared.set(path, document);
    return document;
  };
  const negotiated = negotiatedFeed(documentOf);
  return {
    get: (path) => (path === PATHS.negotiatedFeed ? negotiated : documentOf(path)?.route),
    has: (path) => path === PATHS.negotiatedFeed || indexOf.has(path),
  };
}

interface Document {
  resource: StoredDocument;
  /** The same function for every route that serves this document, so they share its cached bytes. */
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
function negotiatedFeed(documentOf: (path: string) => Document | undefined): Route {
  const offer = (path: string, mediaTypes: Offer<PreparedDocument>["mediaTypes"]): Offer<PreparedDocument> => {
    const document = documentOf(path);
    if (!document) throw new Error(`/feed offers ${path}, which the build did not render`);
    return { mediaTypes, value: prepareDocument(document.resource, document.body, [["vary", "Accept"], ["content-location", path]]) };
  };
  // A format's aliases (XML-only clients can read RSS and Atom, JSON-only clients JSON Feed)
  // count for it below its own type; the first format is the default.
  const [first, ...rest] = FEED_FORMATS.map(({ name, mediaType, aliases }) => offer(PATHS.feed[name], [mediaType, ...aliases]));
  const offers = [first!, ...rest] as const;
  return (request) => serveDocument(request, negotiate(request.headers.get("accept"), offers));
}
