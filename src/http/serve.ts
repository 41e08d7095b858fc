import { CACHE_CONTROL } from "./cache-policy.ts";
import { isNotModified, type Validators } from "./conditional.ts";
import { CORS_HEADERS } from "./cors.ts";
import { BODILESS_SECURITY_HEADERS, securityHeaders } from "./security-headers.ts";
import { ByteCache } from "../store/byte-cache.ts";
import type { StoredDocument } from "../store/document.ts";
import { headerRecord, type HeaderList, type HeaderRecord } from "./headers.ts";

/** Produces a document's body; called again only after the cache let its bytes go. */
export type BodySource = () => Promise<Uint8Array>;

/** A document with the headers of its 200 and of its 304 computed once, on its first request. */
export interface PreparedDocument extends Validators {
  /** The same function for every route that serves this document, so they share its cached bytes. */
  readonly body: BodySource;
  readonly ok: HeaderRecord;
  readonly notModified: HeaderRecord;
}

/**
 * The response for a document: 200 with the body, or an empty 304 when the client's validators
 * still match. A served document is one header comparison and one Response; the first request
 * for it waits while its body is assembled (src/store/decode.ts). A HEAD gets the GET's
 * status and headers, Content-Length included, without assembling anything.
 */
export function serveDocument(request: Request, resource: PreparedDocument): Response | Promise<Response> {
  if (isNotModified(request.headers, resource)) return new Response(null, { status: 304, headers: resource.notModified });
  if (request.method === "HEAD") return new Response(null, { status: 200, headers: resource.ok });
  const bytes = BODIES.get(resource.body);
  if (bytes) return new Response(bytes, { status: 200, headers: resource.ok });
  return BODIES.load(resource.body, resource.body).then((loaded) => new Response(loaded, { status: 200, headers: resource.ok }));
}

/**
 * Bodies kept per isolate, as the bytes a response sends: workerd copies bytes straight into a
 * response (a string it would transcode on every request). 24 MiB leaves most of the isolate's
 * 128 MiB to the compressed corpus (about 3 MiB for 1,000 articles), its inflated chunks and the
 * requests themselves.
 */
const BODIES = new ByteCache<BodySource>(24 * 1024 * 1024);

/** Every header a document is served with, in the order a reader of the response expects them. */
export function prepareDocument(resource: Omit<StoredDocument, "recipe">, body: BodySource, extraHeaders: HeaderList = []): PreparedDocument {
  const ok: HeaderList = [
    ["content-type", resource.contentType],
    // Known at build time, so HEAD can announce the size GET would send (RFC 9110 §9.3.2).
    ["content-length", String(resource.byteLength)],
    ["etag", resource.etag],
    ["last-modified", resource.lastModified],
    ["cache-control", CACHE_CONTROL[resource.cacheClass]],
    ...CORS_HEADERS,
    ...(resource.link ? ([["link", resource.link]] as HeaderList) : []),
    ...extraHeaders,
    ...securityHeaders(resource.contentPolicy),
  ];
  return {
    body,
    etag: resource.etag,
    lastModified: Date.parse(resource.lastModified),
    ok: headerRecord(ok),
    notModified: headerRecord([...ok.filter(([name]) => RETAINED_304_HEADERS.has(name)), ...BODILESS_SECURITY_HEADERS]),
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
