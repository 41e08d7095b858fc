import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, watch } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { buildContent, openBuildCache, type BuildResult } from "../src/build/build-content.ts";
import { OutputError } from "../src/build/check-feeds.ts";
import { ContentError, type Problem } from "../src/build/content.ts";
import { count } from "../src/build/plural.ts";
import { deferredSave } from "./deferred-save.ts";
import { devEnvironment, extraCertificates } from "./dev-environment.ts";

/**
 * `npm start`: the site on http://127.0.0.1:8787 (PORT overrides), rebuilt whenever content/
 * changes, with no Cloudflare account and no network. Links in the feeds point at this local
 * server unless SITE_URL says otherwise, so every link can be followed while previewing. The
 * Node.js version was checked before this runs (scripts/preflight.cjs, npm's prestart).
 *
 * This process owns the content build: it builds once, starts `wrangler dev` on a copy of
 * wrangler.toml without the `[build]` command (which would build again at start and on every
 * save), watches content/ and rebuilds into src/generated/, and wrangler dev reloads the Worker
 * when src/generated/ changes. Saves that arrive together (a checkout, 30 new files) make one
 * rebuild, or two when more arrive while one runs.
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const HOST = "127.0.0.1";
/** How long the content folder must be quiet before a rebuild starts: an editor's save is several events. */
const SETTLE_MS = 100;

const port = Number(process.env["PORT"] ?? 8787);
if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`PORT must be a number from 1 to 65535, not "${process.env["PORT"]}".`);
await assertPortFree(port);
const siteUrl = process.env["SITE_URL"] || `http://${HOST}:${port}`;
const contentDir = process.env["CONTENT_DIR"] || join(ROOT, "content");
// The build's cache stays in memory between rebuilds and is saved to disk for the next npm start
// when nothing else is going on: saving takes the CPU a reload or the next build needs (see deferredSave).
const cache = await openBuildCache({ siteUrl });
const saver = deferredSave(() =>
  cache.save().catch((error: unknown) => console.error(`edgefeed: could not save the build cache (${String(error)}); the next start builds everything`)),
);
const build = async () => {
  await saver.beforeBuild();
  const result = await buildContent({
    contentDir,
    output: join(ROOT, "src", "generated", "documents.ts"),
    siteUrl,
    generator: relative(ROOT, join(ROOT, "src", "build", "main.ts")),
    cache,
  });
  saver.due();
  return result;
};

// A first build that may fail: with no good build yet there is nothing to serve, so say so and stop.
const started = performance.now();
try {
  const first = await build();
  console.log(`edgefeed: built ${summary(first)} in ${seconds(performance.now() - started)}; starting the server`);
  printWarnings(first.warnings);
} catch (error) {
  console.error(problemsOf(error));
  fail("Fix the content problems above, then run npm start again.");
}

// Watching starts now, so that a save made while the server starts is built too.
watchContent();

// One folder per project folder: a copy of the project sharing node_modules (the bench makes one)
// must not rewrite the config a running wrangler dev watches.
const devDirectory = join(ROOT, "node_modules", ".cache", "edgefeed", `dev-${createHash("sha256").update(ROOT).digest("hex").slice(0, 8)}`);
await mkdir(devDirectory, { recursive: true });
const wrangler = spawn(
  join(ROOT, "node_modules", ".bin", "wrangler"),
  ["dev", "--config", await devConfig(devDirectory), "--ip", HOST, "--port", String(port), "--show-interactive-dev-session=false"],
  { cwd: ROOT, env: devEnvironment(siteUrl, { extraCaCerts: await extraCaCerts(devDirectory), preload: join(ROOT, "scripts", "wrangler-preload.cjs") }), stdio: ["ignore", "pipe", "pipe"], detached: true },
);
const wranglerOutput = quietWranglerOutput(() => saver.served());
wrangler.stdout.on("data", wranglerOutput);
wrangler.stderr.on("data", wranglerOutput);
wrangler.on("exit", async (code, signal) => {
  if (!stopping) console.error(`edgefeed: wrangler dev stopped (${signal ?? `exit ${code}`}); the server is down.`);
  await saver.now();
  process.exit(code ?? (signal ? 1 : 0));
});
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    stopping = true;
    try {
      process.kill(-wrangler.pid!, signal);
    } catch {
      process.exit(0);
    }
  });
}

await untilServing(`http://${HOST}:${port}/`);
saver.served();
console.log(`edgefeed: serving on http://${HOST}:${port}/ (links use ${siteUrl}), ${seconds(performance.now() - started)} after start
  RSS        http://${HOST}:${port}/feed.xml
  Atom       http://${HOST}:${port}/atom.xml
  JSON Feed  http://${HOST}:${port}/feed.json
Edit ${shownPath(contentDir)}/ and save: it is rebuilt and served again within seconds; if the content has an
error, it is printed here and the last good build keeps serving. New article: npm run new -- "Title". Ctrl+C stops.`);

/**
 * Rebuilds after changes, one build at a time: changes that arrive while a build runs are
 * collected and make the next one. Each rebuild prints one line (what changed, how long, how many
 * documents), or the content problems in full.
 */
function watchContent(): void {
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let building = false;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(run, SETTLE_MS);
  };
  const run = async () => {
    if (building) return;
    building = true;
    // Editors save through temporary files that are gone by now: name what is there.
    const files = [...changed].filter((file) => existsSync(join(contentDir, file)) || /\.(md|ts|svg)$/.test(file)).sort();
    changed.clear();
    const begun = performance.now();
    try {
      const result = await build();
      console.log(`edgefeed: ${describeChange(files)} → rebuilt ${summary(result)} in ${seconds(performance.now() - begun)}`);
      printWarnings(result.warnings);
    } catch (error) {
      console.error(`edgefeed: ${describeChange(files)} → ${problemsOf(error)}`);
      console.error("The server keeps serving the last good build until you fix this and save again.");
    }
    building = false;
    if (changed.size > 0) schedule();
  };
  watch(contentDir, { recursive: true }, (_event, file) => {
    changed.add(file ?? "content");
    if (!building) schedule();
  });
}

/** A content or output problem as its message (every problem, with what to do); anything else in full. */
function problemsOf(error: unknown): string {
  return error instanceof ContentError || error instanceof OutputError ? error.message : String((error as Error)?.stack ?? error);
}

function printWarnings(warnings: readonly Problem[]): void {
  for (const w of warnings) console.warn(`Warning: ${w.file}${w.field ? ` › ${w.field}` : ""}: ${w.message}`);
}

function shownPath(path: string): string {
  const fromHere = relative(process.cwd(), path);
  return fromHere.startsWith("..") ? path : fromHere || ".";
}

function describeChange(files: readonly string[]): string {
  if (files.length === 0) return "content changed";
  if (files.length <= 3) return files.join(", ");
  return `${files.slice(0, 2).join(", ")} and ${files.length - 2} more files`;
}

function summary({ corpus, documents, reused }: BuildResult): string {
  const fresh = corpus.articles.length - reused;
  return `${count(corpus.articles.length, "article")} (${reused > 0 ? `${fresh} rendered, ${reused} from the cache` : "all rendered"}), ${count(documents, "document")}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * wrangler.toml for `wrangler dev`, without the `[build]` table: this process builds. Written to
 * `directory` (node_modules/.cache/edgefeed/dev-…/) with `main` and the static assets' `directory`
 * made absolute; wrangler keeps its local state there too.
 */
async function devConfig(directory: string): Promise<string> {
  const toml = await readFile(join(ROOT, "wrangler.toml"), "utf8");
  const withoutBuild = toml.replace(/^\[build\]\n(?:(?!\[).*\n)*/m, "");
  if (/^\[build\]/m.test(withoutBuild)) throw new Error("wrangler.toml: could not leave out the [build] table for npm start");
  const config = withoutBuild
    .replace(/^main = "(.*)"$/m, (_, main: string) => `main = ${JSON.stringify(join(ROOT, main))}`)
    .replace(/^directory = "(.*)"$/m, (_, assets: string) => `directory = ${JSON.stringify(join(ROOT, assets))}`);
  const file = join(directory, "wrangler.toml");
  await writeFile(file, config);
  return file;
}

/**
 * NODE_EXTRA_CA_CERTS for wrangler dev: only the certificates Node.js does not ship itself, in a
 * file of `directory` (see extraCertificates); undefined when there are none. A file that cannot
 * be read is passed on as it is, for Node.js to report.
 */
async function extraCaCerts(directory: string): Promise<string | undefined> {
  const given = process.env["NODE_EXTRA_CA_CERTS"];
  if (!given) return undefined;
  let pem: string;
  try {
    pem = await readFile(given, "utf8");
  } catch {
    return given;
  }
  const extra = extraCertificates(pem);
  if (extra.length === 0) return undefined;
  const file = join(directory, "extra-ca-certs.pem");
  await writeFile(file, `${extra.join("\n")}\n`);
  return file;
}

/**
 * wrangler dev's own lines are its banner, one per request and one per reload: this keeps only
 * what needs the author's attention (errors and warnings, with the lines that follow them), and
 * calls `reloaded` when wrangler says the Worker it reloaded serves.
 */
function quietWranglerOutput(reloaded: () => void): (chunk: Buffer) => void {
  let pending = "";
  let showing = false;
  return (chunk) => {
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop()!;
    for (const line of lines) {
      const plain = line.replace(/\x1b\[[0-9;]*m/g, "");
      if (/Local server updated and ready/.test(plain)) reloaded();
      if (/\[ERROR\]|\[WARNING\]|✘|▲|Uncaught|Error:/.test(plain)) showing = true;
      else if (!plain.trim() || /^\[wrangler:(info|inf)\]|Reloading local server|Local server updated/.test(plain)) showing = false;
      if (showing) console.error(line);
    }
  };
}

/** Resolves once a GET of `url` gets any answer from the Worker, so the URL printed is one that works. */
async function untilServing(url: string): Promise<void> {
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

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
