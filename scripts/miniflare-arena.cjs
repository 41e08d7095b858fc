// Installed into `wrangler dev`'s Node.js processes by `npm start` (scripts/wrangler-preload.cjs,
// NODE_OPTIONS=--require; see scripts/dev-environment.ts), never into a deploy: makes miniflare
// build workerd's configuration in a buffer that doubles when it is full, rather than one that
// grows by what was asked for.
//
// At every reload of the Worker, miniflare serializes the whole workerd configuration, every
// module's bytes included, into a Cap'n Proto message (serializeConfig). capnp-es's single-segment
// arena grows by allocating the old size plus what is asked for (at least 4 KiB) and copying the
// whole message into it, so each of the hundreds of small structures written after the Worker's
// modules (miniflare's own services, ~1.5 MB of them, come after the user Worker) copies the
// ~17 MB written so far again: cloudflare/workers-sdk#15271, open for miniflare 4.20260426.
// Doubling makes that a handful of copies. The message's bytes are the same: a segment is written
// out up to what was used, never the buffer's spare room (test/scripts/miniflare-arena.test.ts
// serializes a configuration both ways and compares).
//
// Plain CommonJS: it runs before wrangler, in whatever Node.js runs wrangler.
"use strict";

const Module = require("node:module");
const { join, sep } = require("node:path");

/** The file of the miniflare package that holds capnp-es (bundled into it). */
const MINIFLARE_MAIN = join("miniflare", "dist", "src", "index.js");

/** capnp-es's SingleSegmentArena growth, as miniflare's bundle spells it (allocate$1). */
const GROWTH = [
  "  s.buffer = new ArrayBuffer(srcBuffer.byteLength + minSize);",
  "  new Float64Array(s.buffer).set(new Float64Array(srcBuffer));",
].join("\n");
/** The same growth, at least doubling: both sizes are whole words, as the arena needs. */
const DOUBLING = [
  "  s.buffer = new ArrayBuffer(Math.max(srcBuffer.byteLength + minSize, 2 * srcBuffer.byteLength));",
  "  new Float64Array(s.buffer).set(new Float64Array(srcBuffer));",
].join("\n");

/**
 * miniflare's main file with the arena doubling, or undefined when the growth is not there exactly
 * once (another miniflare version: then it is left as it is).
 */
function patchMiniflare(source) {
  const at = source.indexOf(GROWTH);
  if (at < 0 || source.indexOf(GROWTH, at + 1) >= 0) return undefined;
  return source.slice(0, at) + DOUBLING + source.slice(at + GROWTH.length);
}

/** Whether `filename` is miniflare's main file (wherever npm put the package). */
function isMiniflareMain(filename) {
  return typeof filename === "string" && filename.endsWith(sep + MINIFLARE_MAIN);
}

/**
 * From now on, miniflare's main file is compiled with the arena doubling; a miniflare without the
 * growth this knows is compiled as it is, with a warning (on stderr, which npm start shows).
 */
function install() {
  const compile = Module.prototype._compile;
  Module.prototype._compile = function (content, filename, ...rest) {
    if (isMiniflareMain(filename)) {
      const patched = patchMiniflare(content);
      if (patched === undefined) {
        process.stderr.write(
          `▲ [WARNING] edgefeed: this miniflare (${filename}) no longer has the configuration buffer npm start ` +
            "makes grow by doubling (scripts/miniflare-arena.cjs): reloads still work, maybe slower; check " +
            "cloudflare/workers-sdk#15271 and update or remove the patch.\n\n",
        );
      } else content = patched;
    }
    return compile.call(this, content, filename, ...rest);
  };
}

module.exports = { patchMiniflare, isMiniflareMain, install };
