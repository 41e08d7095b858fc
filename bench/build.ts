import { spawn } from "node:child_process";
import { cp, mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export interface Bundle {
  /** The bundled Worker module, as `wrangler deploy` would upload it. */
  script: string;
  /** The Data modules uploaded beside it (src/generated/*.bin), by the name the script imports. */
  dataModules: Record<string, Uint8Array>;
  /** Upload size as wrangler prints it ("Total Upload: x KiB / gzip: y KiB"), in bytes. */
  uploadBytes: number;
  uploadGzipBytes: number;
  /** The same, measured here on the bundled module at gzip level 9, in exact bytes. */
  scriptBytes: number;
  scriptGzipBytes: number;
  /** Wall time of `wrangler deploy --dry-run`, including its `[build] command` (the content build). */
  buildMs: number;
}

const WRANGLER_ENV = {
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_HIDE_BANNER: "true",
};

/**
 * Builds the Worker exactly as it is deployed (`wrangler deploy --dry-run`, which runs the
 * `[build] command` and bundles), from a copy of the project in `workDir`, so the checkout's own
 * src/generated/ is never overwritten. `contentDir` is the content folder to build.
 */
export async function buildSite(root: string, workDir: string, contentDir: string, siteUrl?: string): Promise<Bundle> {
  const project = join(workDir, "project");
  await mkdir(project, { recursive: true });
  for (const entry of ["src", "scripts", "wrangler.toml", "package.json", "tsconfig.json"]) {
    await cp(join(root, entry), join(project, entry), { recursive: true, filter: (from) => !from.includes("/src/generated") });
  }
  await symlink(join(root, "node_modules"), join(project, "node_modules"));
  // OUTPUT named explicitly: the content build may run from a bundle cached under the shared
  // node_modules, whose own idea of the project root is the checkout that first built it.
  const env = { CONTENT_DIR: contentDir, OUTPUT: join(project, "src", "generated", "documents.ts"), ...(siteUrl ? { SITE_URL: siteUrl } : {}) };
  return wranglerBundle(root, project, workDir, [], env);
}

/**
 * Bundles one bench-only Worker script (bench/workers/*.ts) with wrangler, from a config of its
 * own: without one, wrangler finds the project's wrangler.toml and would build the site instead.
 * It is bundled as the project's Worker is (wrangler.toml's `minify` and `keep_names`): kept
 * function names cost a Hono Worker a few property definitions per request, so a floor or a naive
 * Worker bundled otherwise would be measured with a cost ours does not pay.
 */
export async function buildBenchWorker(root: string, script: string, workDir: string): Promise<Bundle> {
  await mkdir(workDir, { recursive: true });
  const config = join(workDir, "wrangler.toml");
  const bundling = (await readFile(join(root, "wrangler.toml"), "utf8")).split("\n").filter((line) => /^(minify|keep_names)\s*=/.test(line));
  await writeFile(config, [`name = "bench"`, `main = ${JSON.stringify(script)}`, `compatibility_date = "${COMPATIBILITY_DATE}"`, ...bundling, ""].join("\n"));
  return wranglerBundle(root, workDir, workDir, ["--config", config], {});
}

/** The date the bench-only Workers are built and served with: the project's own (wrangler.toml). */
export const COMPATIBILITY_DATE = "2026-04-01";

async function wranglerBundle(root: string, cwd: string, workDir: string, args: string[], env: Record<string, string>): Promise<Bundle> {
  const outdir = join(workDir, "out");
  const started = performance.now();
  const output = await run(join(root, "node_modules", ".bin", "wrangler"), ["deploy", "--dry-run", "--outdir", outdir, ...args], {
    cwd,
    env: { ...process.env, ...WRANGLER_ENV, XDG_CONFIG_HOME: join(workDir, "config"), ...env },
  });
  const buildMs = performance.now() - started;
  const upload = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(output);
  if (!upload) throw new Error(`wrangler printed no upload size:\n${output}`);
  // wrangler names the bundle after the entry module (index.js for src/index.ts).
  const bundled = (await readdir(outdir)).find((file) => file.endsWith(".js"));
  if (!bundled) throw new Error(`wrangler wrote no module to ${outdir}`);
  const script = await readFile(join(outdir, bundled), "utf8");
  const dataModules: Record<string, Uint8Array> = {};
  for (const file of await readdir(outdir)) {
    if (file.endsWith(".bin")) dataModules[file] = await readFile(join(outdir, file));
  }
  return {
    script,
    dataModules,
    uploadBytes: Math.round(Number(upload[1]) * 1024),
    uploadGzipBytes: Math.round(Number(upload[2]) * 1024),
    scriptBytes: Buffer.byteLength(script),
    scriptGzipBytes: gzipSync(script, { level: 9 }).length,
    buildMs,
  };
}

/** Runs a command to completion; rejects with its output when it fails. */
export function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(" ")} exited ${code}:\n${output}`))));
  });
}
