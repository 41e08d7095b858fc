import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { devEnvironment } from "./dev-environment.ts";

/**
 * `npm start`: the site on http://127.0.0.1:8787 (PORT overrides), rebuilt whenever content/
 * changes, with no Cloudflare account and no network. Links in the feeds point at this local
 * server unless SITE_URL says otherwise, so every link can be followed while previewing. The
 * Node.js version was checked before this runs (scripts/preflight.cjs, npm's prestart).
 */
const HOST = "127.0.0.1";
const port = Number(process.env["PORT"] ?? 8787);
if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`PORT must be a number from 1 to 65535, not "${process.env["PORT"]}".`);

await assertPortFree(port);
const siteUrl = process.env["SITE_URL"] || `http://${HOST}:${port}`;
const env = devEnvironment(siteUrl);

// A first build that may fail: with no good build yet there is nothing to serve, so say so and stop.
const first = spawnSync("npm", ["run", "--silent", "content"], { env: { ...env, EDGEFEED_KEEP_LAST_GOOD_BUILD: "0" }, stdio: "inherit" });
if (first.status !== 0) fail("Fix the content problems above, then run npm start again.");

console.log(`edgefeed: serving on http://${HOST}:${port}/ (links use ${siteUrl})
  RSS        http://${HOST}:${port}/feed.xml
  Atom       http://${HOST}:${port}/atom.xml
  JSON Feed  http://${HOST}:${port}/feed.json
Edit content/ and save: the next request shows the new build; if the content has an error, it is
printed here and the last good build keeps serving. New article: npm run new -- "Title". Ctrl+C stops.`);

const wrangler = spawn(
  "npx",
  ["--no-install", "wrangler", "dev", "--ip", HOST, "--port", String(port), "--show-interactive-dev-session=false"],
  { env, stdio: "inherit" },
);
wrangler.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => wrangler.kill(signal));

function assertPortFree(candidate: number): Promise<void> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => fail(`Port ${candidate} is in use. Stop whatever is using it, or choose another: PORT=${candidate === 8788 ? 8789 : 8788} npm start`));
    probe.listen(candidate, HOST, () => probe.close(() => resolve()));
  });
}

function fail(message: string): never {
  console.error(`edgefeed: ${message}`);
  process.exit(1);
}
