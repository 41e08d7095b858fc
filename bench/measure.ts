import { spawnSync } from "node:child_process";
import type { LoadGenerator, LoadResult } from "./load.ts";
import { cpuMs } from "./workerd.ts";

/** Something to load: one URL on one Worker, and the status every answer must have. */
export interface Target {
  id: string;
  url: string;
  headers?: Record<string, string>;
  expectStatus: number;
}

/** A target's measurements: medians over the rounds, and every round kept for the JSON. */
export interface Measurement {
  id: string;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Server CPU (user + system) per request, in microseconds. */
  cpuUsPerRequest: number;
  /** Server CPU time over wall time: near 1 means workerd, not the load generator, was the limit. */
  serverBusy: number;
  /** The load generator's own CPU per request, in microseconds (LoadResult.clientCpuMs). */
  clientCpuUsPerRequest: number;
  socketErrors: number;
  unexpectedStatuses: number;
  rounds: RoundResult[];
}

export interface RoundResult extends LoadResult {
  rps: number;
  cpuUsPerRequest: number;
  serverBusy: number;
  clientCpuUsPerRequest: number;
}

export interface CompareOptions {
  generator: LoadGenerator;
  pid: number;
  connections: number;
  seconds: number;
  rounds: number;
  warmupSeconds: number;
  /**
   * More rounds, two at a time (one in each order), up to `maxRounds`, while `undecided` says the
   * rounds so far cannot tell which side of a budget the figure is on (see medianInterval).
   */
  extend?: { maxRounds: number; undecided: (measured: Map<string, Measurement>) => boolean };
}

/**
 * Loads each target in turn, `rounds` times, reversing the order every other round so that a
 * slow drift of the shared machine (other jobs starting or stopping) weighs on every target
 * alike; an even number of rounds gives both orders the same weight. All targets live in the same workerd process (`pid`), one loaded at a time, so the
 * process's CPU time over a run is that target's.
 */
export async function compare(targets: readonly Target[], options: CompareOptions): Promise<Map<string, Measurement>> {
  const { generator, pid, connections, seconds, rounds, warmupSeconds } = options;
  for (const target of targets) {
    await generator.run({ ...target, connections, seconds: warmupSeconds });
  }
  const results = new Map<string, RoundResult[]>(targets.map((target) => [target.id, []]));
  const runRound = async (round: number) => {
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) {
      const cpuBefore = cpuMs(pid);
      const load = await generator.run({ ...target, connections, seconds });
      const cpu = cpuMs(pid) - cpuBefore;
      results.get(target.id)!.push({
        ...load,
        rps: load.requests / load.seconds,
        cpuUsPerRequest: (cpu * 1000) / Math.max(1, load.requests),
        serverBusy: cpu / 1000 / load.seconds,
        clientCpuUsPerRequest: (load.clientCpuMs * 1000) / Math.max(1, load.requests),
      });
    }
  };
  let round = 0;
  while (round < rounds) await runRound(round++);
  const extend = options.extend;
  while (extend && round + 2 <= extend.maxRounds && extend.undecided(summarize(results))) {
    await runRound(round++);
    await runRound(round++);
  }
  return summarize(results);
}

function summarize(results: Map<string, RoundResult[]>): Map<string, Measurement> {
  return new Map(
    [...results].map(([id, list]) => [
      id,
      {
        id,
        rps: median(list.map((r) => r.rps)),
        p50Ms: median(list.map((r) => r.p50Ms)),
        p99Ms: median(list.map((r) => r.p99Ms)),
        cpuUsPerRequest: median(list.map((r) => r.cpuUsPerRequest)),
        serverBusy: median(list.map((r) => r.serverBusy)),
        clientCpuUsPerRequest: median(list.map((r) => r.clientCpuUsPerRequest)),
        socketErrors: sum(list.map((r) => r.socketErrors)),
        unexpectedStatuses: sum(list.map((r) => r.unexpectedStatuses)),
        rounds: list,
      },
    ]),
  );
}

/**
 * How `subject` compares with `reference`: the median over rounds of the per-round ratios (each
 * round's two runs are seconds apart, so their ratio is what noise disturbs least).
 */
export function ratios(subject: Measurement, reference: Measurement): { throughput: number; cpu: number } {
  const { throughput, cpu } = roundRatios(subject, reference);
  return { throughput: median(throughput), cpu: median(cpu) };
}

/** The per-round ratios of `subject` over `reference`, round by round. */
export function roundRatios(subject: Measurement, reference: Measurement): { throughput: number[]; cpu: number[] } {
  const pairs = subject.rounds.map((round, i) => [round, reference.rounds[i]!] as const);
  return { throughput: pairs.map(([s, r]) => s.rps / r.rps), cpu: pairs.map(([s, r]) => s.cpuUsPerRequest / r.cpuUsPerRequest) };
}

/**
 * An interval that holds the true median of what `values` sample with at least `confidence`
 * (0.95 unless told), whatever their distribution: the k-th smallest and k-th largest value,
 * k the largest for which a fair coin gives fewer than k heads in n throws with probability at
 * most (1 - confidence) / 2. With too few values for that, the smallest and the largest, which
 * hold it less surely (rangeConfidence).
 */
export function medianInterval(values: readonly number[], confidence = 0.95): [number, number] {
  if (values.length === 0) throw new RangeError("no values");
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  let k = 1;
  // tail: P(heads <= k - 1), the chance the interval misses on one side.
  for (let tail = binomialHalf(n, 0); k + 1 <= n / 2; k++) {
    tail += binomialHalf(n, k);
    if (tail > (1 - confidence) / 2) break;
  }
  return [sorted[k - 1]!, sorted[n - k]!];
}

/** How surely the smallest and largest of `n` values hold their median: below 0.95 for fewer than 6. */
export function rangeConfidence(n: number): number {
  return 1 - 2 * binomialHalf(n, 0);
}

/** P(exactly i heads in n throws of a fair coin). */
function binomialHalf(n: number, i: number): number {
  let p = 2 ** -n;
  for (let j = 0; j < i; j++) p = (p * (n - j)) / (j + 1);
  return p;
}

/** Whether `threshold` lies inside the interval: the rounds cannot yet tell which side it is on. */
export function straddles([low, high]: readonly [number, number], threshold: number): boolean {
  return low < threshold && threshold < high;
}

/**
 * Whether per-round figures cannot yet say on which side of `threshold` their median is: too few
 * of them for a 95% interval (under 6), or one that holds the threshold.
 */
export function undecided(perRound: readonly number[], threshold: number): boolean {
  return rangeConfidence(perRound.length) < 0.95 || straddles(medianInterval(perRound), threshold);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/**
 * Flushes what earlier runs wrote to the page cache (sync(1)) before a timed build, untimed: a
 * cold build and Hugo each leave hundreds of megabytes to write back, and the kernel's writeback
 * then takes CPU and disk from whatever runs next, which is not what the build being timed costs
 * (hyperfine's documentation suggests the same `--prepare` for I/O-heavy commands). Nothing is
 * dropped from the cache: reads stay as warm as an author's. Where `sync` is missing, nothing.
 */
export function flushWrites(): void {
  spawnSync("sync", { stdio: "ignore" });
}
