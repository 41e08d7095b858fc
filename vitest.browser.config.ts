import { defineConfig } from "vitest/config";

// `npm run test:browser`: real headless Chromium (found by test/support/chromium.ts, driven by
// playwright-core) against `wrangler dev`. Not part of `npm test`: it needs the browser and
// starts servers. One file at a time, as each starts its own server on a 2-core machine.
export default defineConfig({
  test: {
    name: "browser",
    include: ["test/browser/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
