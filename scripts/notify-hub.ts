import { readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterPublish, changedTopics, FEED_MANIFEST_FILE, publish, type FeedManifest } from "../src/build/websub.ts";

/**
 * `npm run notify-hub`, after a deploy: tells the configured WebSub hub which feeds changed.
 *
 * "Changed" compares the ETags of the build just deployed (src/generated/feed-manifest.json,
 * written by `npm run content`) with those of the last build the hub was told about (a state
 * file, `.notify-hub-state.json` unless NOTIFY_HUB_STATE names another). Without a state file
 * (first run, a fresh CI checkout) every feed is pinged: a hub fetches each and delivers only what
 * is new to its subscribers, so an extra ping costs one fetch. `--all` pings every feed anyway.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const manifestPath = process.env["FEED_MANIFEST"] ?? join(ROOT, "src", "generated", FEED_MANIFEST_FILE);
const statePath = process.env["NOTIFY_HUB_STATE"] ?? join(ROOT, ".notify-hub-state.json");
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

const current = await readJson<FeedManifest>(manifestPath);
if (!current) fail(`${manifestPath} is missing: build first (npm run content; npm run deploy does it).`);
if (!current.hub) {
  console.log("notify-hub: no hub is configured (set `hub` in content/site.ts); nothing to do.");
  process.exit(0);
}
// `npm start` rebuilds for http://127.0.0.1:PORT: never announce a preview build's feeds to a public hub.
const local = Object.keys(current.topics).find((url) => LOOPBACK.has(new URL(url).hostname));
if (local) fail(`the last build was a local preview (${local}): build for the deployed site first (SITE_URL=… npm run content).`);
const notified = process.argv.includes("--all") ? undefined : await readJson<FeedManifest>(statePath);
const topics = changedTopics(current, notified);
if (topics.length === 0) {
  console.log(`notify-hub: no feed changed since the hub was last told; nothing sent to ${current.hub}.`);
  process.exit(0);
}
console.log(`notify-hub: telling ${current.hub} about ${topics.length} feed(s)${notified ? " that changed" : " (no record of an earlier notification)"}:`);
const result = await publish(current.hub, topics);
for (const url of result.notified) console.log(`  ok      ${url}`);
for (const { url, reason } of result.failed) console.log(`  FAILED  ${url}: ${reason}`);
const temporary = `${statePath}.${process.pid}.tmp`;
await writeFile(temporary, `${JSON.stringify(afterPublish(current, notified, result), null, 2)}\n`);
await rename(temporary, statePath);
if (result.failed.length > 0) fail(`${result.failed.length} ping(s) failed; run npm run notify-hub again to retry them.`);

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function fail(message: string): never {
  console.error(`notify-hub: ${message}`);
  process.exit(1);
}
