import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { readFile } from "node:fs/promises";
import { defineConfig, type Plugin } from "vitest/config";

/**
 * A .txt import is the file's text, as wrangler's Text modules rule (wrangler.toml) makes it in
 * the Worker: src/generated/corpus.txt. Vite would otherwise treat .txt as an asset URL.
 */
const textModules: Plugin = {
  name: "edgefeed-text-modules",
  enforce: "pre",
  async load(id) {
    if (!id.endsWith(".txt")) return null;
    return `export default ${JSON.stringify(await readFile(id, "utf8"))};`;
  },
};

// Two projects: pure code (build, renderers) runs in Node; HTTP behaviour runs inside workerd,
// the runtime the Worker is deployed to. Both need `npm run content` first (npm test does it).
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [textModules],
        test: { name: "node", include: ["test/build/**/*.test.ts", "test/render/**/*.test.ts", "test/scripts/**/*.test.ts", "test/http/**/*.test.ts"], environment: "node" },
      },
      {
        plugins: [cloudflareTest({ wrangler: { configPath: "./wrangler.toml" } })],
        test: { name: "workerd", include: ["test/worker/**/*.test.ts"] },
      },
    ],
  },
});
