import autocannon from "autocannon";
import { median } from "./measure.ts";
import { rssBytes } from "./workerd.ts";

export interface SoakRoute {
  path: string;
  headers?: Record<string, string>;
  expectStatus: number;
}

export interface SoakResult {
  /** Seconds of load after the warm-up (the whole run is warm-up + this). */
  seconds: number;
  connections: number;
  requests: number;
  rps: number;
  socketErrors: number;
  unexpectedStatuses: number;
  /** Counts of unexpected answers by "path status", to say what went wrong. */
  unexpectedByRoute: Record<string, number>;
  warmupSeconds: number;
  /** workerd resident memory, MiB: after start, at the end of warm-up, at the end, the highest. */
  rssStartMiB: number;
  rssAfterWarmupMiB: number;
  rssEndMiB: number;
  rssMaxMiB: number;
  /** (end - after warm-up) / after warm-up. */
  rssGrowth: number;
  /** One sample a second: [seconds since start, MiB]. */
  rssSamples: Array<[number, number]>;
}

/**
 * Sustained load across every route at once (autocannon cycles each connection through the
 * routes in order and checks every single answer's status), while sampling workerd's resident
 * memory once a second: `warmupSeconds` of load, then `seconds` more during which memory must
 * stay flat. It is compared between the end of warm-up and the end of the run, each as the
 * median of a few samples so that one GC pause does not decide.
 *
 * Why a warm-up this long: under this load workerd's resident memory climbs in steps to a
 * high-water mark in the first 20-30 s and then stays there, for a Worker that returns a
 * constant as much as for ours (measured: 90 -> 670 MiB, then flat for 70 s). Growth after that
 * is what a leak would look like.
 */
export async function soak(
  baseUrl: string,
  routes: readonly SoakRoute[],
  pid: number,
  { seconds, warmupSeconds, connections }: { seconds: number; warmupSeconds: number; connections: number },
): Promise<SoakResult> {
  const samples: Array<[number, number]> = [];
  const started = performance.now();
  const mib = (bytes: number) => bytes / 1024 / 1024;
  const rssStartMiB = mib(rssBytes(pid));
  const sampler = setInterval(() => samples.push([(performance.now() - started) / 1000, mib(rssBytes(pid))]), 1000);
  const unexpectedByRoute: Record<string, number> = {};
  let unexpected = 0;
  let result: Awaited<ReturnType<typeof autocannon>>;
  try {
    result = await autocannon({
      url: baseUrl,
      connections,
      duration: warmupSeconds + seconds,
      requests: routes.map((route) => ({
        path: route.path,
        headers: route.headers ?? {},
        onResponse: (status: number) => {
          if (status === route.expectStatus) return;
          unexpected++;
          const key = `${route.path} ${status}`;
          unexpectedByRoute[key] = (unexpectedByRoute[key] ?? 0) + 1;
        },
      })),
    });
  } finally {
    clearInterval(sampler);
  }
  const window = 5;
  const atWarmup = samples.filter(([t]) => t >= warmupSeconds && t < warmupSeconds + window).map(([, v]) => v);
  const atEnd = samples.slice(-window).map(([, v]) => v);
  const rssAfterWarmupMiB = median(atWarmup.length > 0 ? atWarmup : [rssStartMiB]);
  const rssEndMiB = median(atEnd.length > 0 ? atEnd : [rssStartMiB]);
  const elapsed = (performance.now() - started) / 1000;
  return {
    seconds,
    connections,
    requests: result.requests.total,
    rps: result.requests.total / elapsed,
    socketErrors: result.errors + result.timeouts,
    unexpectedStatuses: unexpected,
    unexpectedByRoute,
    warmupSeconds,
    rssStartMiB,
    rssAfterWarmupMiB,
    rssEndMiB,
    rssMaxMiB: Math.max(rssStartMiB, ...samples.map(([, v]) => v)),
    rssGrowth: (rssEndMiB - rssAfterWarmupMiB) / rssAfterWarmupMiB,
    rssSamples: samples.map(([t, v]) => [Math.round(t * 10) / 10, Math.round(v * 100) / 100]),
  };
}
