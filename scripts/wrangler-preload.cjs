// `npm start` runs wrangler dev with NODE_OPTIONS=--require this file (scripts/dev-environment.ts):
// what it changes in wrangler's own process, and why, is in scripts/miniflare-arena.cjs.
"use strict";

require("./miniflare-arena.cjs").install();
