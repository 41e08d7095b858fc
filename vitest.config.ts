import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { readFile } from "node:fs/promises";
import { defineConfig, type Plugin } from "vitest/config";
import { PHOTO_SITE } from "./test/support/photo-site.ts";

/**
 * A .bin import is the file's bytes as an ArrayBuffer, as wrangler's Data modules rule
 * (wrangler.toml) makes it in the Worker: src/generated/text.bin and ranges.bin. Vite would
 * otherwise treat it as an asset URL.
 */
const dataModules: Plugin = {
  name: "edgefeed-data-modules",
  enforce: "pre",
  async load(id) {
    if (!id.endsWith(".bin")) return null;
    const base64 = (await readFile(id)).toString("base64");
    return `export default Uint8Array.from(atob(${JSON.stringify(base64)}), (c) => c.charCodeAt(0)).buffer;`;
  },
};

// Two projects, one per runtime; test/ mirrors src/. Build, store, renderers and scripts run in
// Node; test/http runs inside workerd, the runtime the Worker is deployed to. Both need `npm run content` first (npm test does it).
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [dataModules],
        test: {
          name: "node",
          include: ["test/build/**/*.test.ts", "test/render/**/*.test.ts", "test/scripts/**/*.test.ts", "test/store/**/*.test.ts"],
          environment: "node",
          // Several tests render whole synthetic sites (hundreds of articles): seconds each when the
          // 2 shared cores are busy, past vitest's 5 s default.
          testTimeout: 30_000,
        },
      },
      {
        plugins: [cloudflareTest({ wrangler: { configPath: "./wrangler.toml" } })],
        test: { name: "workerd", include: ["test/http/**/*.test.ts"] },
      },
      // The same Worker and wrangler.toml, serving a site whose article has photos (the seed's
      // have no source): its generated modules and its static assets come from the photo site
      // that globalSetup builds (test/support/photo-site.ts). The pool's fetch reaches the Worker
      // alone, never the assets in front of it, so the tests call the asset server through a
      // binding that only this project has (the routing itself is tested on wrangler dev).
      {
        plugins: [
          cloudflareTest({ wrangler: { configPath: "./wrangler.toml" }, miniflare: { assets: { directory: PHOTO_SITE.assetsDir, binding: "ASSETS" } } }),
        ],
        resolve: { alias: [{ find: /^\.\/generated\/(documents\.ts|text\.bin|ranges\.bin)$/, replacement: `${PHOTO_SITE.outputDir}/$1` }] },
        test: { name: "workerd-photos", include: ["test/media/**/*.test.ts"], globalSetup: ["test/media/global-setup.ts"] },
      },
    ],
  },
});
