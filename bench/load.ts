import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { run } from "./build.ts";
import { childrenCpuMs } from "./workerd.ts";

/** One run of the load generator against one URL. */
export interface LoadResult {
  requests: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  /** Connect, read, write errors and timeouts. */
  socketErrors: number;
  /** Responses whose status was not the one expected. */
  unexpectedStatuses: number;
  /**
   * CPU time (user + system) the load generator itself spent on the run: when it is near the
   * run's length, the client, not the server, set the throughput.
   */
  clientCpuMs: number;
}

export interface LoadOptions {
  url: string;
  headers?: Record<string, string>;
  expectStatus: number;
  connections: number;
  seconds: number;
}

export interface LoadGenerator {
  name: string;
  version: string;
  run(options: LoadOptions): Promise<LoadResult>;
}

/** wrk when installed (microsecond latency, light on its core), else autocannon from npm. */
export function loadGenerator(): LoadGenerator {
  try {
    const version = execFileSync("wrk", ["-v"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return { name: "wrk", version: /wrk (\S+)/.exec(version)?.[1] ?? "unknown", run: runWrk };
  } catch (error) {
    // wrk -v exits 1 after printing its version.
    const output = String((error as { stdout?: unknown }).stdout ?? "");
    const version = /wrk (\S+)/.exec(output)?.[1];
    if (version) return { name: "wrk", version, run: runWrk };
  }
  return { name: "autocannon", version: autocannonVersion(), run: runAutocannon };
}

const WRK_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "wrk-report.lua");

async function runWrk({ url, headers = {}, expectStatus, connections, seconds }: LoadOptions): Promise<LoadResult> {
  const headerArgs = Object.entries(headers).flatMap(([name, value]) => ["-H", `${name}: ${value}`]);
  const clientBefore = childrenCpuMs();
  const output = await run(
    "wrk",
    ["-t1", `-c${connections}`, `-d${seconds}s`, "--timeout", "5s", "-s", WRK_SCRIPT, ...headerArgs, url, "--", String(expectStatus)],
    { cwd: process.cwd(), env: process.env },
  );
  const line = output.split("\n").find((text) => text.startsWith("BENCH-JSON "));
  if (!line) throw new Error(`wrk printed no report:\n${output}`);
  const report = JSON.parse(line.slice("BENCH-JSON ".length)) as {
    requests: number;
    duration_us: number;
    p50_us: number;
    p99_us: number;
    socket_errors: number;
    unexpected: number;
  };
  return {
    requests: report.requests,
    seconds: report.duration_us / 1e6,
    p50Ms: report.p50_us / 1000,
    p99Ms: report.p99_us / 1000,
    socketErrors: report.socket_errors,
    unexpectedStatuses: report.unexpected,
    // wrk has exited and been waited for: its time is in this process's children's.
    clientCpuMs: childrenCpuMs() - clientBefore,
  };
}

async function runAutocannon({ url, headers = {}, expectStatus, connections, seconds }: LoadOptions): Promise<LoadResult> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const result = await autocannon({ url, headers, connections, duration: seconds });
  const elapsed = (performance.now() - started) / 1000;
  const expected = Number(result.statusCodeStats[String(expectStatus) as keyof typeof result.statusCodeStats]?.count ?? 0);
  return {
    requests: result.requests.total,
    seconds: elapsed,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    socketErrors: result.errors + result.timeouts,
    unexpectedStatuses: result.requests.total - expected,
    // autocannon runs in this process, which does nothing else meanwhile.
    clientCpuMs: usageMs(process.cpuUsage(cpuBefore)),
  };
}

function usageMs({ user, system }: NodeJS.CpuUsage): number {
  return (user + system) / 1000;
}

function autocannonVersion(): string {
  return (JSON.parse(execFileSync("npm", ["ls", "autocannon", "--json"], { encoding: "utf8" })) as { dependencies?: { autocannon?: { version?: string } } })
    .dependencies?.autocannon?.version ?? "unknown";
}
