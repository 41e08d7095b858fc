import { CACHE_CONTROL } from "./cache-policy.ts";
import { isNotModified, type Validators } from "./conditional.ts";
import { CORS_HEADERS } from "./cors.ts";
import { BODILESS_SECURITY_HEADERS, securityHeaders } from "./security-headers.ts";
import type { StoredDocument } from "../store/document.ts";
import { preparedHeaders, type HeaderList, type PreparedHeaders } from "./headers.ts";

/**
 * A document's body: the kept bytes at once if there are any, else assembled (src/store/decode.ts).
 * A Blob, whose bytes a response reads without copying them; its type is empty, so the
 * response's Content-Type is the document's own.
 */
export interface BodySource {
  kept(): Blob | undefined;
  load(): Promise<Blob>;
}

/** A document with the headers of its 200 and of its 304 computed once, on its first request. */
export interface PreparedDocument extends Validators {
  readonly body: BodySource;
  readonly ok: PreparedHeaders;
  readonly notModified: PreparedHeaders;
}

/**
 * The response for a document: 200 with the body, or an empty 304 when the client's validators
 * still match. A served document is one header comparison and one Response; the first request
 * for it waits while its body is assembled (src/store/decode.ts). A HEAD gets the GET's
 * status and headers, Content-Length included, without assembling anything.
 */
export function serveDocument(request: Request, document: PreparedDocument): Response | Promise<Response> {
  if (isNotModified(request.headers, document)) return new Response(null, { status: 304, headers: document.notModified });
  if (request.method === "HEAD") return new Response(null, { status: 200, headers: document.ok });
  const bytes = document.body.kept();
  if (bytes) return new Response(bytes, { status: 200, headers: document.ok });
  return document.body.load().then((loaded) => new Response(loaded, { status: 200, headers: document.ok }));
}

/** Every header a document is served with, in the order a reader of the response expects them. */
export function prepareDocument(document: Omit<StoredDocument, "recipe">, body: BodySource, extraHeaders: HeaderList = []): PreparedDocument {
  const ok: HeaderList = [
    ["content-type", document.contentType],
    // Known at build time, so HEAD can announce the size GET would send (RFC 9110 §9.3.2).
    ["content-length", String(document.byteLength)],
    ["etag", document.etag],
    ["last-modified", document.lastModified],
    ["cache-control", CACHE_CONTROL[document.cacheClass]],
    // Read by Cloudflare's Workers Cache (and other CDNs) for purging by tag; not a standard field.
    ["cache-tag", document.cacheTag],
    ...CORS_HEADERS,
    ...(document.link ? ([["link", document.link]] as HeaderList) : []),
    ...extraHeaders,
    ...securityHeaders(document.contentPolicy),
  ];
  return {
    body,
    etag: document.etag,
    lastModified: Date.parse(document.lastModified),
    ok: preparedHeaders(ok),
    notModified: preparedHeaders([...ok.filter(([name]) => RETAINED_304_HEADERS.has(name)), ...BODILESS_SECURITY_HEADERS]),
  };
}

/**
 * The headers a 304 repeats from the 200 it stands for. RFC 9110 §15.4.5: Content-Location,
 * Date, ETag, Vary, Cache-Control and Expires (Date is the runtime's; we send no Expires:
 * Cache-Control overrides it, RFC 9111 §5.3). Other representation metadata (Content-Type) is left
 * out, as it says, except what guides the cache's update: Last-Modified, for caches that stored
 * only that validator (RFC 9111 §4.3.4). The CORS fields too, since a script that sent
 * If-None-Match itself reads the 304 and the browser checks it like any response.
 */
export const RETAINED_304_HEADERS: ReadonlySet<string> = new Set([
  "cache-control",
  "content-location",
  "date",
  "etag",
  "expires",
  "vary",
  "last-modified",
  "access-control-allow-origin",
  "access-control-expose-headers",
]);
