import { Hono } from "hono";
import COMPRESSED_TEXT from "./generated/text.bin";
import RANGES from "./generated/ranges.bin";
import { TEXT, DOCUMENTS } from "./generated/documents.ts";
import { aliasRedirect } from "./http/canonical-path.ts";
import { DocumentStore } from "./store/decode.ts";
import { preflight } from "./http/cors.ts";
import { internalError, methodNotAllowed, notFound } from "./http/errors.ts";
import { serveGetFast, type GetHandler } from "./http/fast-path.ts";
import { buildRoutes } from "./http/routes.ts";

// Once per isolate: each document's headers, security headers included, are prepared on its
// first request and its body assembled, so every later request costs a map lookup and a header
// comparison.
const STORE = new DocumentStore(TEXT, COMPRESSED_TEXT, RANGES);
const ROUTES = buildRoutes(DOCUMENTS, ({ recipe, byteLength }) => STORE.body(recipe, byteLength));
const isServed = (path: string) => ROUTES.has(path);

/** The Hono app alone, without the fast path in front (exported for the test that they agree). */
export const app = new Hono();

// Query strings never select a document: the path is the path alone. A miss may be an alias
// (trailing slash, index.html) of a document, redirected to it; anything else is a 404.
const serveGet: GetHandler = (request, path) => ROUTES.get(path)?.(request) ?? aliasRedirect(request, path, isServed) ?? notFound();
app.get("*", (c) => serveGet(c.req.raw, c.req.path));
app.options("*", (c) => (isServed(c.req.path) ? preflight() : notFound()));

// No route matched: another method. 405 where a document exists, 404 elsewhere.
app.notFound((c) => (isServed(c.req.path) ? methodNotAllowed() : notFound()));
app.onError(internalError);

export default {
  // GET and HEAD straight to the app's GET handler (src/http/fast-path.ts), everything else
  // through the app: the two answer a GET identically.
  fetch: (request: Request, env?: unknown, ctx?: ExecutionContext) => serveGetFast(request, serveGet, () => app.fetch(request, env, ctx)),
} satisfies ExportedHandler;
