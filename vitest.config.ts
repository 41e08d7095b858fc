import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// Two projects: pure code (build, renderers) runs in Node; HTTP behaviour runs inside workerd,
// the runtime the Worker is deployed to. Both need `npm run content` first (npm test does it).
export default defineConfig({
  test: {
    projects: [
      {
        test: { name: "node", include: ["test/build/**/*.test.ts", "test/render/**/*.test.ts", "test/scripts/**/*.test.ts"], environment: "node" },
      },
      {
        plugins: [cloudflareTest({ wrangler: { configPath: "./wrangler.toml" } })],
        test: { name: "workerd", include: ["test/worker/**/*.test.ts"] },
      },
    ],
  },
});
