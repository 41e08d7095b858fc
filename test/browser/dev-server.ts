import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { devEnvironment } from "../../scripts/dev-environment.ts";
import { freePort } from "../support/ports.ts";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export interface DevServer {
  /** e.g. http://127.0.0.1:41234 (no trailing slash); also the SITE_URL the content was built with. */
  url: string;
  /** Everything wrangler printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * `wrangler dev` on a free loopback port, in the environment `npm start` gives it,
 * built from `contentDir` and rebuilt when a file in it changes. The repository's wrangler.toml is
 * copied to a temporary folder with absolute paths and its own watch folder, so a test can point
 * the server at fixture content; wrangler's state and config go to that folder too.
 */
export async function startDevServer(contentDir = join(ROOT, "content")): Promise<DevServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const work = await mkdtemp(join(tmpdir(), "edgefeed-dev-"));
  const config = join(work, "wrangler.toml");
  await writeFile(config, relocatedConfig(await readFile(join(ROOT, "wrangler.toml"), "utf8"), relative(work, contentDir)));
  let log = "";
  const child = spawn(
    join(ROOT, "node_modules", ".bin", "wrangler"),
    ["dev", "--config", config, "--ip", "127.0.0.1", "--port", String(port), "--show-interactive-dev-session=false", "--persist-to", join(work, "state")],
    {
      cwd: ROOT,
      detached: true,
      env: { ...devEnvironment(url), CONTENT_DIR: contentDir, XDG_CONFIG_HOME: work },
    },
  );
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
  const build = spawnSync(join(ROOT, "node_modules", ".bin", "tsx"), [join(ROOT, "src", "build", "main.ts")], { cwd: ROOT, env, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`restoring src/generated failed:\n${build.stderr}`);
}

/** wrangler 4.86 joins watch_dir to the config folder even when it is absolute, so it is given relative. */
function relocatedConfig(toml: string, watchDir: string): string {
  return toml
    .replace(/^main = "(.*)"$/m, (_, main: string) => `main = ${JSON.stringify(join(ROOT, main))}`)
    .replace(/^watch_dir = .*$/m, `watch_dir = ${JSON.stringify(watchDir)}\ncwd = ${JSON.stringify(ROOT)}`);
}

async function waitUntilServing(url: string, child: ChildProcess, log: () => string): Promise<void> {
  let exited = false;
  child.once("exit", () => (exited = true));
  await eventually(
    `wrangler dev on ${url}`,
    async () => {
      if (exited) throw new Error(`wrangler dev exited:\n${log()}`);
      return (await fetch(`${url}/`)).status;
    },
    (status) => status === 200 || exited,
  );
  if (exited) throw new Error(`wrangler dev exited:\n${log()}`);
}

/** Stops wrangler and the workerd processes it started (one process group), and waits for the exit. */
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
