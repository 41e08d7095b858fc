import { Hono } from "hono";
import { DOCUMENTS, TEXT } from "./generated/documents.ts";
import RANGES from "./generated/ranges.bin";
import COMPRESSED_TEXT from "./generated/text.bin";
import { addSiteRoutes } from "./http/routes.ts";
import { DocumentStore } from "./store/decode.ts";

const app = new Hono();

// Middleware goes here, before the site's routes: Hono runs handlers in the order they were
// added, so `app.use(...)` here applies to every response (docs/architecture.md, "Extending").

addSiteRoutes(app, DOCUMENTS, new DocumentStore(TEXT, COMPRESSED_TEXT, RANGES));

export default app;
