import { Hono } from "hono";
import { RESOURCES } from "./generated/resources.ts";
import { aliasRedirect } from "./http/canonical-path.ts";
import { preflight } from "./http/cors.ts";
import { internalError, methodNotAllowed, notFound } from "./http/errors.ts";
import { buildRoutes } from "./http/routes.ts";

// At module load, once per isolate: every header of every response, security headers included,
// is prepared here, so a request costs a map lookup and a header comparison. No middleware: a
// GET matches exactly one handler, which Hono calls without composing a chain.
const ROUTES = buildRoutes(RESOURCES);
const isServed = (path: string) => ROUTES.has(path);

const app = new Hono();

// Query strings never select a document: c.req.path is the path alone. A miss may be an alias
// (trailing slash, index.html) of a document, redirected to it; anything else is a 404.
app.get("*", (c) => ROUTES.get(c.req.path)?.(c.req.raw) ?? aliasRedirect(c.req.raw, c.req.path, isServed) ?? notFound());
app.options("*", (c) => (isServed(c.req.path) ? preflight() : notFound()));

// No route matched: another method. 405 where a document exists, 404 elsewhere.
app.notFound((c) => (isServed(c.req.path) ? methodNotAllowed() : notFound()));
app.onError(internalError);

export default app;
