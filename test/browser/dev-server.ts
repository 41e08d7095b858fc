import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../support/ports.ts";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface DevServer {
  /** e.g. http://127.0.0.1:41234 (no trailing slash); also the SITE_URL the content was built with. */
  url: string;
  /** Everything npm start printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * `npm start` (scripts/start.ts) on a free loopback port (or `port`, for `npm run screenshots`,
 * whose pictures show the URLs), serving `contentDir` and rebuilding when a file in it changes.
 * wrangler's state and config go to a temporary folder.
 */
export async function startDevServer(contentDir = join(ROOT, "content"), port?: number): Promise<DevServer> {
  port ??= await freePort();
  const url = `http://127.0.0.1:${port}`;
  const work = await mkdtemp(join(tmpdir(), "edgefeed-dev-"));
  let log = "";
  const child = spawn(process.execPath, [join(ROOT, "scripts", "run.mjs"), join(ROOT, "scripts", "start.ts")], {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, PORT: String(port), CONTENT_DIR: contentDir, XDG_CONFIG_HOME: work },
  });
  child.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const stop = async () => {
    await killGroup(child);
    await rm(work, { recursive: true, force: true });
    restoreGeneratedModule();
  };
  try {
    await waitUntilServing(url, child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, output: () => log, stop };
}

/** Polls until `predicate` holds, for at most `attempts` tries `interval` ms apart; throws with `what` otherwise. */
export async function eventually<T>(what: string, probe: () => Promise<T>, predicate: (value: T) => boolean, attempts = 120, interval = 250): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < attempts; i++) {
    try {
      last = await probe();
      if (predicate(last)) return last;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  throw new Error(`gave up waiting: ${what} (last value: ${String(last)})`);
}

/**
 * The server's builds wrote src/generated/ from its content and URL; rebuild it from content/ as
 * `npm run content` would, so the Node and workerd tests that read it see the repository's site.
 */
function restoreGeneratedModule(): void {
  const { CONTENT_DIR: _, ...env } = process.env;
  const build = spawnSync(process.execPath, [join(ROOT, "scripts", "run.mjs"), join(ROOT, "src", "build", "main.ts")], { cwd: ROOT, env, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`restoring src/generated failed:\n${build.stderr}`);
}

/** Waits for npm start to announce its URL: it promises to do so only once the URL answers. */
async function waitUntilServing(url: string, child: ChildProcess, log: () => string): Promise<void> {
  let exited = false;
  child.once("exit", () => (exited = true));
  await eventually(`npm start announcing ${url}`, async () => log(), (text) => text.includes(`serving on ${url}/`) || exited, 480);
  if (exited) throw new Error(`npm start exited:\n${log()}`);
}

/** Stops npm start, and wrangler and the workerd processes they started, and waits for the exit. */
async function killGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }, 5000);
  await exited;
  clearTimeout(timer);
}
