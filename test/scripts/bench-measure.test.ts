import { describe, expect, it } from "vitest";
import type { LoadGenerator, LoadOptions } from "../../bench/load.ts";
import { execFileSync } from "node:child_process";
import { childrenCpuMs } from "../../bench/workerd.ts";
import { compare, medianInterval, rangeConfidence, ratios, straddles, undecided, type Target } from "../../bench/measure.ts";

describe("medianInterval", () => {
  const values = (n: number) => Array.from({ length: n }, (_, i) => n - i);

  it("is the whole range when there are too few values for 95 %", () => {
    // 6 values: the extremes miss the median with probability 2/64, the next pair with 14/64.
    expect(medianInterval(values(6))).toEqual([1, 6]);
    expect(medianInterval([3])).toEqual([3, 3]);
    // ...and with 2 values the range holds the median only half the time.
    expect(rangeConfidence(2)).toBe(0.5);
    expect(rangeConfidence(6)).toBeCloseTo(62 / 64);
  });

  it("narrows to the order statistics the binomial table gives", () => {
    // n = 10: 2nd and 9th (P(heads <= 1) = 11/1024 <= 0.025 < P(heads <= 2) = 56/1024).
    expect(medianInterval(values(10))).toEqual([2, 9]);
    // n = 18: 5th and 14th (P(heads <= 4) = 0.015, P(heads <= 5) = 0.048).
    expect(medianInterval(values(18))).toEqual([5, 14]);
    // A lower confidence narrows it: n = 18 at 50 %, 8th and 11th.
    expect(medianInterval(values(18), 0.5)).toEqual([8, 11]);
  });

  it("refuses no values", () => {
    expect(() => medianInterval([])).toThrow(RangeError);
  });
});

describe("straddles", () => {
  it("is true only when the threshold is strictly inside", () => {
    expect(straddles([0.95, 1.2], 1.15)).toBe(true);
    expect(straddles([0.95, 1.1], 1.15)).toBe(false);
    expect(straddles([1.16, 1.3], 1.15)).toBe(false);
  });
});

/**
 * A load generator that answers from a script: each run of a target returns the next of its
 * request counts. compare() reads the CPU time of a real process (this one, here), so only the
 * request counts and the number of runs are checked.
 */
function scriptedGenerator(counts: Record<string, number[]>): LoadGenerator & { runs: string[] } {
  const runs: string[] = [];
  const next = new Map(Object.keys(counts).map((url) => [url, 0]));
  return {
    name: "scripted",
    version: "1",
    runs,
    run: async ({ url }: LoadOptions) => {
      runs.push(url);
      const i = next.get(url)!;
      next.set(url, i + 1);
      const list = counts[url]!;
      const requests = list[Math.min(i, list.length - 1)]!;
      return { requests, seconds: 1, p50Ms: 1, p99Ms: 2, socketErrors: 0, unexpectedStatuses: 0, clientCpuMs: 0 };
    },
  };
}

describe("undecided", () => {
  it("holds out until there are enough rounds for a 95% interval", () => {
    // Far from the threshold, but 4 rounds' range holds the median only 87.5% of the time.
    expect(undecided([0.5, 0.5, 0.6, 0.5], 0.9)).toBe(true);
    expect(undecided([0.5, 0.5, 0.6, 0.5, 0.55, 0.52], 0.9)).toBe(false);
  });

  it("is undecided while the interval holds the threshold", () => {
    expect(undecided([0.8, 1.0, 0.85, 0.95, 0.9, 0.92], 0.9)).toBe(true);
    expect(undecided([0.8, 1.0, 0.85, 0.95, 0.9, 0.92], 0.7)).toBe(false);
  });
});

describe.runIf(process.platform === "linux")("compare", () => {
  const targets: Target[] = [
    { id: "ours", url: "ours", expectStatus: 200 },
    { id: "floor", url: "floor", expectStatus: 200 },
  ];
  const base = { pid: process.pid, connections: 1, seconds: 1, rounds: 4, warmupSeconds: 1 };

  it("runs the rounds asked for, reversing the order every other round", async () => {
    const generator = scriptedGenerator({ ours: [100], floor: [100] });
    const measured = await compare(targets, { ...base, generator });
    // One warm-up run each, then 4 rounds.
    expect(generator.runs).toEqual(["ours", "floor", "ours", "floor", "floor", "ours", "ours", "floor", "floor", "ours"]);
    expect(measured.get("ours")!.rounds).toHaveLength(4);
  });

  it("adds rounds two at a time while the figures are undecided, up to the maximum", async () => {
    // Throughput ratios alternate 0.8 and 1.0: the interval holds 0.9 however many rounds.
    const generator = scriptedGenerator({ ours: [100, 80, 100, 80, 100, 80, 100, 80, 100, 80, 100, 80, 100], floor: [100] });
    const perRound = (m: Map<string, { rounds: { rps: number }[] }>) => m.get("ours")!.rounds.map((round, i) => round.rps / m.get("floor")!.rounds[i]!.rps);
    const measured = await compare(targets, { ...base, generator, extend: { maxRounds: 8, undecided: (m) => undecided(perRound(m), 0.9) } });
    expect(measured.get("ours")!.rounds).toHaveLength(8);
    expect(ratios(measured.get("ours")!, measured.get("floor")!).throughput).toBeCloseTo(0.9);
  });

  it("stops adding rounds once the figures are decided", async () => {
    const generator = scriptedGenerator({ ours: [100], floor: [100] });
    const measured = await compare(targets, { ...base, generator, extend: { maxRounds: 20, undecided: () => false } });
    expect(measured.get("ours")!.rounds).toHaveLength(4);
  });
});

describe.runIf(process.platform === "linux")("childrenCpuMs", () => {
  it("counts the CPU time of a command that has run to its end, as a load generator's", () => {
    const before = childrenCpuMs();
    const ownBefore = process.cpuUsage();
    // A child that keeps its CPU busy for a while (about 0.1 s), then exits and is waited for.
    execFileSync(process.execPath, ["-e", "let x = 0; for (let i = 0; i < 1e8; i++) x += i; if (x < 0) console.log(x)"]);
    const own = process.cpuUsage(ownBefore);
    // The child's time, not this process's own (which only waited): clock ticks are 10 ms.
    expect(childrenCpuMs() - before).toBeGreaterThan((own.user + own.system) / 1000 + 20);
  });
});
