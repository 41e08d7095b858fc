import { Hono } from "hono";
import { RESOURCES } from "./generated/resources.ts";
import { internalError, notFound } from "./http/errors.ts";
import { serveResource } from "./http/serve.ts";

const app = new Hono();

app.get("*", (c) => {
  const resource = RESOURCES.get(c.req.path);
  return resource ? serveResource(c.req.raw, resource) : c.notFound();
});

app.notFound(notFound);
app.onError(internalError);

export default app;
