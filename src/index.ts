import { Hono } from "hono";
import { RESOURCES } from "./generated/resources.ts";
import { canonicalRedirects } from "./http/canonical-path.ts";
import { preflight } from "./http/cors.ts";
import { internalError, methodNotAllowed, notFound } from "./http/errors.ts";
import { buildRoutes } from "./http/routes.ts";
import { securityHeaders } from "./http/security-headers.ts";

// At module load, once per isolate: every header of every response is prepared here, so a
// request costs a map lookup and a header comparison.
const ROUTES = buildRoutes(RESOURCES);

const app = new Hono();

app.use(securityHeaders);
app.use(canonicalRedirects((path) => ROUTES.has(path)));

// Query strings never select a document: c.req.path is the path alone.
app.get("*", (c) => ROUTES.get(c.req.path)?.(c.req.raw) ?? c.notFound());
app.options("*", (c) => (ROUTES.has(c.req.path) ? preflight() : c.notFound()));
app.all("*", (c) => (ROUTES.has(c.req.path) ? methodNotAllowed() : c.notFound()));

app.notFound(notFound);
app.onError(internalError);

export default app;
