import { spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * `npm run screenshots`: regenerates docs/*.png on purpose, by running the browser tests of the
 * pages (test/browser/pages.test.ts) with their screenshots sent to docs/ and the site on a fixed
 * port, so the URLs the pictures show (the Subscribe block's feed URLs) are the same on every run
 * and a picture changes only when the page does. `npm run test:browser` writes its screenshots to
 * a temporary folder instead and leaves the checkout untouched.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const PORT = 8787;

await new Promise<void>((resolve) => {
  const probe = createServer();
  probe.once("error", () => {
    console.error(`edgefeed: Port ${PORT} is in use (npm start?). The screenshots show URLs on that port: stop what uses it, then run npm run screenshots again.`);
    process.exit(1);
  });
  probe.listen(PORT, "127.0.0.1", () => probe.close(() => resolve()));
});

const run = spawnSync(
  process.execPath,
  [join(ROOT, "node_modules", "vitest", "vitest.mjs"), "run", "--config", join(ROOT, "vitest.browser.config.ts"), join(ROOT, "test", "browser", "pages.test.ts")],
  { cwd: ROOT, stdio: "inherit", env: { ...process.env, EDGEFEED_SCREENSHOTS: join(ROOT, "docs"), EDGEFEED_PORT: String(PORT) } },
);
if (run.status === 0) console.log("edgefeed: docs/*.png regenerated; review them with git diff --stat docs/ before committing.");
process.exitCode = run.status ?? 1;
