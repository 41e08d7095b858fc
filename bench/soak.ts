import autocannon, { type Client } from "autocannon";
import { median } from "./measure.ts";
import { rssBytes } from "./workerd.ts";

/** One request the load test cycles through, and the answer it must get. */
export interface SoakRoute {
  /** Names the request where unexpected answers are reported: `GET /feed (Accept: ...)`. */
  label: string;
  method: "GET" | "HEAD" | "OPTIONS" | "POST";
  path: string;
  headers?: Record<string, string>;
  expectStatus: number;
  /** Response headers that must have exactly these values (names in lowercase). */
  expectHeaders?: Record<string, string>;
}

export interface SoakResult {
  /** Seconds of load after the warm-up (the whole run is warm-up + this). */
  seconds: number;
  connections: number;
  requests: number;
  rps: number;
  socketErrors: number;
  unexpectedStatuses: number;
  /** What each connection cycled through, in order, and the status each must get. */
  routes: Array<{ label: string; path: string; expectStatus: number }>;
  /** Counts of unexpected answers by "label status" (and the header that differed), to say what went wrong. */
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
        method: route.method,
        headers: route.headers ?? {},
        onResponse: (status, _body, _context, headers) => {
          const problem = unexpectedAnswer(route, status, headers);
          if (problem === undefined) return;
          unexpected++;
          const key = `${route.label} ${problem}`;
          unexpectedByRoute[key] = (unexpectedByRoute[key] ?? 0) + 1;
        },
      })),
      setupClient: readNoBodyAfterHead,
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
    routes: routes.map(({ label, path, expectStatus }) => ({ label, path, expectStatus })),
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

/** Undefined when the answer is the one expected, else what it was: its status, and a header that differed. */
function unexpectedAnswer(route: SoakRoute, status: number, headers: Record<string, string>): string | undefined {
  if (status !== route.expectStatus) return String(status);
  const received = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  for (const [name, value] of Object.entries(route.expectHeaders ?? {})) {
    if (received[name] !== value) return `${status} ${name}: ${received[name] ?? "(none)"}`;
  }
  return undefined;
}

/**
 * autocannon 9 sends a request's `method` but parses every answer as if it were to a GET: a
 * HEAD answer's Content-Length (the size GET would send, RFC 9110 §9.3.2) makes its parser wait
 * for a body that never comes, and the connection stalls until autocannon's 10 s timeout. Node's
 * own HTTP client tells its parser to skip that body; this does the same, by returning "skip the
 * body" from the parser's headers-complete callback when the request being answered is a HEAD
 * (http-parser-js reads a truthy return as that). It reaches into autocannon's internals
 * (lib/httpClient.js: the connection's `parser`, set up before this runs, and its queue of
 * unanswered requests), so it checks they are there rather than measure a stalled load test.
 * Were a body sent after all, its bytes would be read as the next answer and fail as a parse error.
 */
function readNoBodyAfterHead(client: Client): void {
  if (typeof client.parser !== "object" || typeof client.pipelinedRequests?.peek !== "function") {
    throw new Error("autocannon's connection no longer has the parser and request queue the bench relies on for HEAD");
  }
  let onHeadersComplete: ((...args: unknown[]) => unknown) | undefined;
  Object.defineProperty(client.parser, K_ON_HEADERS_COMPLETE, {
    configurable: true,
    get: () => (...args: unknown[]) => {
      onHeadersComplete?.(...args);
      return client.pipelinedRequests.peek()?.req.method === "HEAD";
    },
    set: (callback: (...args: unknown[]) => unknown) => (onHeadersComplete = callback),
  });
}

/** http-parser-js's HTTPParser.kOnHeadersComplete: the key of the callback run when an answer's headers end. */
const K_ON_HEADERS_COMPLETE = 2;
