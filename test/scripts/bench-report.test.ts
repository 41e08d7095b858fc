import { describe, expect, it } from "vitest";
import type { Measurement } from "../../bench/measure.ts";
import { judge, markdownReport, SERVING_BUDGETS, type NaiveResult, type Results } from "../../bench/report.ts";

/** A measurement made of rounds with these requests per second and CPU µs per request. */
function measured(id: string, rounds: readonly (readonly [rps: number, cpuUs: number])[], clientCpuUs = 10): Measurement {
  const list = rounds.map(([rps, cpuUs]) => ({
    requests: rps * 2,
    seconds: 2,
    p50Ms: 1,
    p99Ms: 2,
    socketErrors: 0,
    unexpectedStatuses: 0,
    clientCpuMs: (clientCpuUs * rps * 2) / 1000,
    rps,
    cpuUsPerRequest: cpuUs,
    serverBusy: (rps * cpuUs) / 1e6,
    clientCpuUsPerRequest: clientCpuUs,
  }));
  const middle = list[list.length >> 1]!;
  return { id, rps: middle.rps, p50Ms: 1, p99Ms: 2, cpuUsPerRequest: middle.cpuUsPerRequest, serverBusy: middle.serverBusy, clientCpuUsPerRequest: clientCpuUs, socketErrors: 0, unexpectedStatuses: 0, rounds: list };
}

function naive(items: number, ours: Measurement, theirs: Measurement): NaiveResult {
  return { items, bodyBytes: 1000 * items, ours, naive: theirs, oursOverNaive: ours.rps / theirs.rps, naiveOverBaseline: 0.5 };
}

/** Only what judge() and the naive section read; the rest of a run is left out. */
function results(pair: [NaiveResult, NaiveResult]): Results {
  return {
    routes: [],
    naive: pair,
    bundle: { uploadBytes: 1, uploadGzipBytes: 1, scriptBytes: 1, scriptGzipBytes: 1, buildMs: 1 },
    startup: [{ route: "RSS", startupMs: 40, firstRequestMs: 1, secondRequestMs: 1, status: 200 }],
  } as unknown as Results;
}

const rounds = (n: number, rps: number, cpuUs: number) => Array.from({ length: n }, (_, i) => [rps * (1 + (i % 3) / 100), cpuUs * (1 + (i % 2) / 100)] as const);

describe("the RSS against the naive design", () => {
  it("is judged on CPU per request, not on throughput the load generator capped", () => {
    // 50 items: our big body keeps the client busy (workerd half idle), so the req/s ratio is
    // only 6x while the naive Worker costs 14x our CPU per request.
    const fifty = naive(50, measured("ours", rounds(8, 1500, 280), 600), measured("naive", rounds(8, 250, 3900), 600));
    const one = naive(1, measured("ours", rounds(8, 8000, 90)), measured("naive", rounds(8, 3900, 220)));
    const budgets = judge(results([one, fifty])).filter((budget) => budget.name.startsWith("RSS vs naive"));
    expect(budgets.map((budget) => [budget.name, budget.pass])).toEqual([
      ["RSS vs naive, 1 item", true],
      ["RSS vs naive, 50 items", true],
    ]);
    expect(budgets[1]!.budget).toBe(`naive >= ${SERVING_BUDGETS.naiveFiftyItems}x our CPU/request`);
    expect(budgets[1]!.measured).toMatch(/^naive 13\.\d\dx our CPU\/request \(95%: /);
  });

  it("fails when the naive Worker costs less than the threshold times ours, whatever the throughput", () => {
    // Throughput 3x, but CPU only 1.5x: a faster client or a less busy core would not make it pass.
    const one = naive(1, measured("ours", rounds(8, 9000, 150)), measured("naive", rounds(8, 3000, 225)));
    const fifty = naive(50, measured("ours", rounds(8, 2000, 500)), measured("naive", rounds(8, 200, 4000)));
    const budgets = judge(results([one, fifty])).filter((budget) => budget.name.startsWith("RSS vs naive"));
    expect(budgets.map((budget) => budget.pass)).toEqual([false, false]);
    expect(budgets[0]!.measured).toMatch(/^naive 1\.\d\dx our CPU\/request/);
  });

  it("reports the throughput beside, with workerd's share and the load generator's CPU per response", () => {
    const fifty = naive(50, measured("ours", rounds(8, 1500, 280), 640), measured("naive", rounds(8, 250, 3900), 600));
    const one = naive(1, measured("ours", rounds(8, 8000, 90)), measured("naive", rounds(8, 3900, 220)));
    const report = markdownReport({ ...results([one, fifty]), budgets: [], machine: { loadAverage: { before: 1, after: 1 } }, settings: {}, notes: [], emptyStartupMs: 30, heap: HEAP, photos: undefined, soak: undefined, scale: undefined } as unknown as Results);
    const row = report.split("\n").find((line) => line.startsWith("| 50 |"))!;
    expect(row).toContain("| 640.0, 600.0 |");
    expect(row).toContain("| 50,000 |");
  });
});

const USAGE = { usedMiB: 1, embedderMiB: 0, externalMiB: 0, totalMiB: 1 };
const HEAP = { documents: 1, afterStart: USAGE, afterEveryDocument: USAGE };
