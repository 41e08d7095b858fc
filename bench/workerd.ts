import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { writeFile } from "node:fs/promises";
import { request } from "node:http";
import { connect } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { COMPATIBILITY_DATE } from "./build.ts";

/** The workerd binary that ships in the npm package, the runtime wrangler and tests also use. */
const WORKERD = join(dirname(fileURLToPath(import.meta.url)), "..", "node_modules", "@cloudflare", "workerd-linux-64", "bin", "workerd");

export function workerdVersion(): string {
  return execFileSync(WORKERD, ["--version"], { encoding: "utf8" }).trim();
}

/** One Worker in a workerd config: its bundled module and the bindings it reads. */
export interface WorkerSpec {
  name: string;
  port: number;
  /** File name of the bundled module, relative to the config's folder. */
  module: string;
  /** Data modules the bundle imports (Bundle.dataModules), each written beside the config and embedded. */
  dataModules?: Record<string, Uint8Array>;
  /** Text and JSON bindings, each written to a file beside the config and embedded. */
  text?: Record<string, string>;
  json?: Record<string, unknown>;
}

/**
 * Writes a workerd config (Cap'n Proto text) serving each Worker on its own loopback port, as
 * `workerd serve` runs a bundle in production terms: no dev server, no inspector, no proxies.
 */
export async function writeConfig(dir: string, workers: readonly WorkerSpec[]): Promise<string> {
  const services: string[] = [];
  const sockets: string[] = [];
  for (const worker of workers) {
    const bindings: string[] = [];
    for (const [name, value] of Object.entries(worker.text ?? {})) {
      await writeFile(join(dir, `${worker.name}.${name}.txt`), value);
      bindings.push(`(name = "${name}", text = embed "${worker.name}.${name}.txt")`);
    }
    for (const [name, value] of Object.entries(worker.json ?? {})) {
      await writeFile(join(dir, `${worker.name}.${name}.json`), JSON.stringify(value));
      bindings.push(`(name = "${name}", json = embed "${worker.name}.${name}.json")`);
    }
    const modules = [`(name = "index.js", esModule = embed "${worker.module}")`];
    for (const [name, value] of Object.entries(worker.dataModules ?? {})) {
      await writeFile(join(dir, `${worker.name}.module.${name}`), value);
      modules.push(`(name = "${name}", data = embed "${worker.name}.module.${name}")`);
    }
    services.push(`    (name = "${worker.name}", worker = (
      modules = [${modules.join(", ")}],
      compatibilityDate = "${COMPATIBILITY_DATE}",
      bindings = [${bindings.join(", ")}],
    )),`);
    sockets.push(`    (name = "${worker.name}", address = "127.0.0.1:${worker.port}", http = (), service = "${worker.name}"),`);
  }
  const path = join(dir, `workerd-${workers.map((worker) => worker.name).join("-").slice(0, 80)}.capnp`);
  await writeFile(
    path,
    `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
${services.join("\n")}
  ],
  sockets = [
${sockets.join("\n")}
  ],
);
`,
  );
  return path;
}

export interface Server {
  pid: number;
  /** performance.now() when the process was spawned: start-up is measured from here. */
  spawnedAt: number;
  stop(): Promise<void>;
}

/** Every workerd started by this process, so a failure anywhere still stops all of them. */
const running = new Set<ChildProcess>();

/**
 * Starts `workerd serve` on `config` (with `serveArgs`, such as --inspector-addr, when given),
 * pinned to `cpu` when given, and waits until `port` accepts connections. The process leads its
 * own group, so stopping it stops everything it started.
 */
export async function startWorkerd(config: string, port: number, cpu: number | undefined, serveArgs: readonly string[] = []): Promise<Server> {
  const [command, args] = cpu === undefined ? [WORKERD, []] : ["taskset", ["-c", String(cpu), WORKERD]];
  const spawnedAt = performance.now();
  const child = spawn(command, [...args, "serve", config, ...serveArgs], { detached: true, stdio: ["ignore", "ignore", "pipe"] });
  running.add(child);
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = () => stopProcess(child);
  try {
    await waitForListening(port, child, () => stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  return { pid: child.pid!, spawnedAt, stop };
}

async function waitForListening(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = performance.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`workerd exited before serving:\n${stderr()}`);
    if (await accepts(port)) return;
    if (performance.now() > deadline) throw new Error(`workerd did not listen on port ${port} within 30 s:\n${stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export function stopProcess(child: ChildProcess): Promise<void> {
  running.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => signalGroup(child, "SIGKILL"), 2_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    signalGroup(child, "SIGTERM");
  });
}

/** Stops every workerd still running: for the bench's `finally` and its signal handlers. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map(stopProcess));
}

/** Synchronous last resort on process exit, when no promise can run any more. */
export function killAllSync(): void {
  for (const child of running) signalGroup(child, "SIGKILL");
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Already gone.
  }
}

/**
 * A constant Worker (bench/workers/constant.ts, or `module` built on it) answering exactly what
 * `response` was: status, headers and body bytes.
 */
export function constantWorker(name: string, response: HttpResult, port: number, module = "constant.js"): WorkerSpec {
  const headers = Object.fromEntries(Object.entries(response.headers).filter(([header]) => !HOP_HEADERS.has(header)));
  return { name, port, module, text: { BODY: response.body.toString("utf8") }, json: { STATUS: response.status, HEADERS: headers } };
}

/** Headers workerd writes itself on every response. */
const HOP_HEADERS = new Set(["date", "content-length", "transfer-encoding", "connection", "keep-alive"]);

export function url(port: number, path: string): string {
  return `http://127.0.0.1:${port}${path}`;
}

export async function expectOk(address: string): Promise<HttpResult> {
  const response = await get(address);
  if (response.status !== 200) throw new Error(`${address} answered ${response.status}`);
  return response;
}

export interface HttpResult {
  status: number;
  headers: Record<string, string>;
  /** Every header line as sent, in order: name, value, name, value... */
  rawHeaders: string[];
  body: Buffer;
  ms: number;
}

/** One GET on a fresh connection, timed from the request to the last body byte. */
export function get(url: string, headers: Record<string, string> = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const flat: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === "string") flat[name] = value;
        resolve({ status: res.statusCode ?? 0, headers: flat, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks), ms: performance.now() - started });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** Server CPU time (user + system, all threads) of a process so far, in milliseconds. */
export function cpuMs(pid: number): number {
  // utime and stime are fields 14 and 15 (proc(5)).
  const fields = statFields(String(pid));
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/**
 * CPU time (user + system) of this process's children that have exited and been waited for, in
 * milliseconds (cutime and cstime, fields 16 and 17): a load generator run as a command.
 */
export function childrenCpuMs(): number {
  const fields = statFields("self");
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS;
}

/** /proc/PID/stat's fields after the parenthesised command name (which may hold spaces), field 3 first. */
function statFields(pid: string): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** USER_HZ, the unit of utime and stime. */
const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

/** Resident memory of a process, in bytes (VmRSS from /proc/PID/status). */
export function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) * 1024 : 0;
}

/**
 * Pins this process (and so the load generator it runs or spawns) to the last core, and workerd
 * to the first, so they do not take turns on one core. Without two cores or taskset, no pinning.
 */
export function pinToCores(): { server: number | undefined; load: number | undefined } {
  const count = availableParallelism();
  if (count < 2) return { server: undefined, load: undefined };
  try {
    execFileSync("taskset", ["-a", "-p", "-c", String(count - 1), String(process.pid)], { stdio: "ignore" });
    return { server: 0, load: count - 1 };
  } catch {
    return { server: undefined, load: undefined };
  }
}
