import type { Bundle } from "./build.ts";
import type { BuildSpeedResult } from "./build-speed.ts";
import type { HeapResult, HeapUsage } from "./heap.ts";
import type { PhotoResult } from "./photos.ts";
import { median, medianInterval, rangeConfidence, roundRatios, undecided, type Measurement } from "./measure.ts";
import type { PollingResult } from "./shared-cache.ts";
import type { SoakResult } from "./soak.ts";

export interface RouteResult {
  name: string;
  path: string;
  kind: "200" | "304" | "404";
  status: number;
  bodyBytes: number;
  ours: Measurement;
  baseline: Measurement;
  /** The same constant answered from a Hono route: the framework's floor, what the budgets judge against. */
  hono: Measurement;
  /** Ours over the raw constant (no framework): reported, not judged. */
  throughputRatio: number;
  cpuRatio: number;
  /** Hono floor's CPU/request over the raw constant's. */
  honoCpuRatio: number;
  /** Ours over the Hono floor: the budgets. */
  cpuOverHono: number;
  throughputOverHono: number;
}

export interface NaiveResult {
  items: number;
  /** Our RSS's body size (absent in results from before it was recorded). */
  bodyBytes?: number;
  ours: Measurement;
  naive: Measurement;
  oursOverNaive: number;
  naiveOverBaseline: number;
  oursOverBaseline?: number;
}

export interface StartupResult {
  route: string;
  startupMs: number;
  firstRequestMs: number;
  secondRequestMs: number;
  status: number;
}

export interface ScaleResult {
  articles: number;
  bundle: BundleSizes;
  startupMs: number;
  rssAfterStartMiB: number;
  rssAfterLoadMiB: number;
  /** Isolate memory in a workerd of its own (no load there): after start-up and after every document once. */
  heap: Omit<HeapResult, "afterLoad">;
  feed: ScaleRoute;
  article: ScaleRoute;
}

interface ScaleRoute {
  rps: number;
  cpuUsPerRequest: number;
  throughputRatio: number;
  cpuRatio: number;
}

/**
 * Throughput at `articles` over throughput at `smallest`, each against a constant of its own
 * bytes, per round of one side-by-side run: for the feed and for the article page.
 */
export interface ScaleFlatness {
  smallest: number;
  articles: number;
  feed: number[];
  article: number[];
  /** Each corpus's own throughput over its baseline in that run (medians of per-round ratios). */
  overBaseline?: Record<"feed" | "article", { small: number; large: number }>;
}

type BundleSizes = Omit<Bundle, "script" | "dataModules">;

export interface Budget {
  name: string;
  budget: string;
  measured: string;
  pass: boolean;
}

export interface Results {
  date: string;
  mode: "quick" | "full";
  machine: {
    cpu: string;
    cores: number;
    node: string;
    workerd: string;
    loadGenerator: string;
    pinning: string;
    loadAverage: { before: number; after: number };
  };
  settings: { seconds: number; rounds: number; maxRounds: number; warmupSeconds: number; soakSeconds: number; soakWarmupSeconds: number; soakConnections: number; connections: number };
  notes: string[];
  bundle: BundleSizes;
  routes: RouteResult[];
  naive: [NaiveResult, NaiveResult] | undefined;
  /** Worker runs for a crowd polling the RSS feed, through a shared cache honouring our headers and without one. */
  workersCache?: PollingResult | undefined;
  startup: StartupResult[];
  /** Start-up of a Worker with nothing to load: workerd's own share of every start-up. */
  emptyStartupMs: number;
  soak: SoakResult | undefined;
  heap: HeapResult;
  photos: PhotoResult | undefined;
  scale: ScaleResult[] | undefined;
  /** The 1,000-article corpus against the smallest, side by side in one workerd (bench/scale.ts); with --scale. */
  scaleFlatness?: ScaleFlatness | undefined;
  /** The authoring loop against Hugo (bench/build-speed.ts); absent when skipped (--no-build). */
  build?: BuildSpeedResult | undefined;
  budgets: Budget[];
}

const KiB = 1024;
const MiB = 1024 * 1024;
/** Cloudflare Workers limits: compressed upload size per plan, and start-up time. */
export const LIMITS = { freeGzipBytes: 3 * MiB, paidGzipBytes: 10 * MiB, startupMs: 1000, memoryMiB: 128 };

/**
 * The serving budgets' thresholds: a document route or the 304 against its Hono floor, our RSS
 * against the naive design. bench/run.ts adds rounds while a figure's interval holds one.
 */
export const SERVING_BUDGETS = { throughputOverHono: 0.9, cpuOverHono: 1.15, naiveOneItem: 2, naiveFiftyItems: 10, scaleFlat: 0.9 } as const;

/**
 * Every budget, judged on this run's numbers. A document route or the 304 is judged against the
 * Hono floor (the same bytes answered from a constant Hono route): every request goes through
 * the Hono app, so what is ours to keep small is the cost above the framework's own dispatch.
 */
export function judge(results: Results): Budget[] {
  const budgets: Budget[] = [];
  const add = (name: string, budget: string, measured: string, pass: boolean) => budgets.push({ name, budget, measured, pass });
  for (const route of results.routes) {
    if (route.kind === "200" || route.kind === "304") {
      const perRound = roundRatios(route.ours, route.hono);
      const { throughputOverHono, cpuOverHono } = SERVING_BUDGETS;
      add(`${route.name} throughput`, `>= ${x(throughputOverHono)} Hono floor`, `${x(route.throughputOverHono)} Hono floor${spread(perRound.throughput, throughputOverHono)}`, route.throughputOverHono >= throughputOverHono);
      add(`${route.name} CPU/request`, `<= ${x(cpuOverHono)} Hono floor`, `${x(route.cpuOverHono)} Hono floor${spread(perRound.cpu, cpuOverHono)}`, route.cpuOverHono <= cpuOverHono);
    }
    const faults = route.ours.socketErrors + route.ours.unexpectedStatuses;
    add(`${route.name} answers`, "every answer " + route.status + ", no socket error", `${faults} faults`, faults === 0);
  }
  if (results.naive) {
    // Judged on CPU per request, what the design saves: a Worker is billed and limited by CPU
    // time, and this machine's throughput of our 50-item RSS is the load generator's, not
    // workerd's (docs/benchmarks.md, "RSS against the naive design").
    const { naiveOneItem, naiveFiftyItems } = SERVING_BUDGETS;
    for (const [n, threshold] of [[results.naive[0], naiveOneItem], [results.naive[1], naiveFiftyItems]] as const) {
      const perRound = roundRatios(n.naive, n.ours).cpu;
      const cpu = median(perRound);
      add(`RSS vs naive, ${n.items} item${n.items === 1 ? "" : "s"}`, `naive >= ${threshold}x our CPU/request`, `naive ${x(cpu)} our CPU/request${spread(perRound, threshold)}`, cpu >= threshold);
    }
  }
  add("Bundle, seed content", "<= 32 KiB gzip", `${(results.bundle.uploadGzipBytes / KiB).toFixed(2)} KiB gzip`, results.bundle.uploadGzipBytes <= 32 * KiB);
  if (results.photos) {
    // Photos are static assets, not part of the Worker: only the markup naming them may grow it.
    const growth = results.photos.bundleGzipBytes.with - results.photos.bundleGzipBytes.without;
    add("Bundle with two photos", "within 4 KiB gzip of without", `${growth >= 0 ? "+" : ""}${(growth / KiB).toFixed(2)} KiB gzip`, Math.abs(growth) <= 4 * KiB);
  }
  // The median of one fresh process per route: one process delayed by another job on the
  // machine must not decide, and a start-up that is really slow is slow in most of them.
  const startup = median(results.startup.map((s) => s.startupMs));
  const slowest = Math.max(...results.startup.map((s) => s.startupMs));
  add("Start-up to first response", "<= 100 ms", `${ms(startup)} median of ${results.startup.length}, ${ms(slowest)} slowest`, startup <= 100);
  if (results.soak) {
    const soak = results.soak;
    add("Load test: socket errors", "0", String(soak.socketErrors), soak.socketErrors === 0);
    add("Load test: unexpected statuses", "0", String(soak.unexpectedStatuses), soak.unexpectedStatuses === 0);
    add("Load test: memory after warm-up", "< 10% growth", pct(soak.rssGrowth), soak.rssGrowth < 0.1);
  }
  const thousand = results.scale?.find((s) => s.articles === 1000);
  const smallest = results.scale?.[0];
  if (thousand && smallest) {
    add("1,000 articles: bundle", "<= 3 MiB gzip (free plan)", mib(thousand.bundle.uploadGzipBytes), thousand.bundle.uploadGzipBytes <= LIMITS.freeGzipBytes);
    add("1,000 articles: start-up", "< 100 ms", ms(thousand.startupMs), thousand.startupMs < 100);
    const side = results.scaleFlatness;
    if (side) {
      // Side by side in one workerd: the worse of the two medians, with its interval.
      const [worse, name] = median(side.feed) <= median(side.article) ? [side.feed, "feed"] : [side.article, "article page"];
      const flat = median(worse);
      add(`1,000 articles: throughput vs ${side.smallest}`, `>= ${x(SERVING_BUDGETS.scaleFlat)} (flat)`, `${x(flat)}${spread(worse, SERVING_BUDGETS.scaleFlat)} (the ${name}, the worse of feed and article page; each vs its baseline, side by side)`, flat >= SERVING_BUDGETS.scaleFlat);
    } else {
      // Results from before the side-by-side run: one corpus's run after the other's.
      const flat = Math.min(thousand.feed.throughputRatio / smallest.feed.throughputRatio, thousand.article.throughputRatio / smallest.article.throughputRatio);
      add(`1,000 articles: throughput vs ${smallest.articles}`, `>= ${x(SERVING_BUDGETS.scaleFlat)} (flat)`, `${x(flat)} (worse of feed, article; each vs its baseline)`, flat >= SERVING_BUDGETS.scaleFlat);
    }
    const heap = thousand.heap.afterEveryDocument.totalMiB;
    add("1,000 articles: isolate heap after every document", `< ${LIMITS.memoryMiB} MiB`, `${heap.toFixed(1)} MiB`, heap < LIMITS.memoryMiB);
  }
  if (results.build) budgets.push(...buildBudgets(results.build));
  return budgets;
}

/** Each corpus's own ratio in the side-by-side run, as the per-corpus table gives it from runs apart. */
function overBaseline(flat: ScaleFlatness): string {
  const o = flat.overBaseline;
  if (!o) return "";
  return ` Each over its own baseline in that run: feed ${x(o.feed.small)} (${flat.smallest}) and ${x(o.feed.large)} (${flat.articles}), article page ${x(o.article.small)} and ${x(o.article.large)}.`;
}

/**
 * How far a median of per-round ratios can be trusted: its 95 % interval and the rounds it came
 * from, and, when given the budget's threshold and the interval still holds it, that the verdict
 * is the median's alone (the machine was too noisy for the rounds to settle it).
 */
function spread(perRound: readonly number[], threshold?: number): string {
  const interval = medianInterval(perRound);
  const sure = Math.min(0.95, rangeConfidence(perRound.length));
  const open = threshold !== undefined && undecided(perRound, threshold) ? "; undecided: the interval holds the budget" : "";
  return ` (${Math.floor(sure * 100)}%: ${interval[0].toFixed(2)}-${interval[1].toFixed(2)}, ${perRound.length} rounds${open})`;
}

/** Issue 14's goals for the authoring loop, on the figures of bench/build-speed.ts. */
export function buildBudgets(b: BuildSpeedResult): Budget[] {
  const coldMs = median(b.cold.map((c) => c.edgefeedMs));
  const hugoMs = median(b.cold.map((c) => c.hugoMs));
  const warm = median(b.warmMs);
  const seed = median(b.seedMs);
  const saved = median(b.start.saveToServedMs);
  const articles = b.articles.toLocaleString("en-US");
  return [
    {
      name: `Cold build, ${articles} articles`,
      budget: "<= 1.00x Hugo (same run, taking turns)",
      measured: `${x(b.coldRatio)} Hugo (medians ${sec(coldMs)} and ${sec(hugoMs)})`,
      pass: b.coldRatio <= 1,
    },
    { name: `Build after one article changed, ${articles} articles`, budget: "<= 1 s", measured: `${sec(warm)} median of ${b.warmMs.length}`, pass: warm <= 1000 },
    { name: "Build of the seed content alone", budget: "<= 0.5 s", measured: `${sec(seed)} median of ${b.seedMs.length}`, pass: seed <= 500 },
    {
      name: `npm start, ${articles} articles: first answer`,
      budget: "<= 2x the cold build",
      measured: `${sec(b.start.firstAnswerMs)}, ${x(b.start.firstAnswerMs / coldMs)} the cold build`,
      pass: b.start.firstAnswerMs <= 2 * coldMs,
    },
    { name: `npm start, ${articles} articles: a saved title served`, budget: "<= 2 s", measured: `${sec(saved)} median of ${b.start.saveToServedMs.length}`, pass: saved <= 2000 },
  ];
}

/** The build section of RESULTS.md. */
export function buildSection(b: BuildSpeedResult): string[] {
  return [
    `## Build speed: the authoring loop (${b.articles.toLocaleString("en-US")} seed-shaped articles)`,
    "",
    `Cold builds (no cache; \`npm run content\` as it runs, without npm's own start-up) and Hugo ${b.hugo} (Debian) building the same Markdown files into an equivalent site (bench/hugo.ts: a page and an AMP page per article, an index, full-content RSS of the site and of every tag, tag pages), taking turns in one run. The machine is shared: the ratio of each round counts. Before each timed build (ours, Hugo's, \`npm start\`), untimed, \`sync\` writes back what earlier runs left in the page cache (bench/measure.ts flushWrites): a cold build and Hugo each leave hundreds of megabytes, whose writeback otherwise runs during the next build.`,
    "",
    "| Round | edgefeed | Hugo | edgefeed / Hugo |",
    "|---|---|---|---|",
    ...b.cold.map((c, i) => `| ${i + 1} | ${sec(c.edgefeedMs)} | ${sec(c.hugoMs)} | ${x(c.edgefeedMs / c.hugoMs)} |`),
    "",
    `- After one article's title changed, cache warm: ${b.warmMs.map(sec).join(", ")}`,
    `- The seed content alone, no cache: ${b.seedMs.map(sec).join(", ")}`,
    `- \`npm start\` from a cold cache: first answer after ${sec(b.start.firstAnswerMs)}; a saved title of the newest article in /feed.xml after ${b.start.saveToServedMs.map(sec).join(", ")}`,
    "",
    "| | Goal | Measured | |",
    "|---|---|---|---|",
    ...buildBudgets(b).map((budget) => `| ${budget.name} | ${budget.budget} | ${budget.measured} | ${budget.pass ? "PASS" : "**FAIL**"} |`),
    "",
  ];
}

const sec = (value: number) => `${(value / 1000).toFixed(2)} s`;

export function markdownReport(r: Results): string {
  const lines: string[] = [];
  const push = (...more: string[]) => lines.push(...more);
  push(
    "# Benchmark results",
    "",
    `Written by \`npm run bench\`${r.mode === "quick" ? " --quick (short runs: not for comparison)" : ""} on ${r.date}. How to read it: docs/benchmarks.md.`,
    "",
    `- Machine: ${r.machine.cpu}, ${r.machine.cores} cores (${r.machine.pinning}); load average ${r.machine.loadAverage.before.toFixed(2)} before, ${r.machine.loadAverage.after.toFixed(2)} after`,
    `- Node ${r.machine.node}, ${r.machine.workerd}, load generator ${r.machine.loadGenerator}`,
    `- Each route: ${r.settings.rounds} rounds of ${r.settings.seconds} s at ${r.settings.connections} connections, alternating with its baselines in the same workerd process, and more (up to ${r.settings.maxRounds}) while a budget's figure has its threshold inside its 95% interval; medians of per-round ratios`,
    ...r.notes.map((note) => `- Note: ${note}`),
    "",
    "## Budgets",
    "",
    "| | Budget | Measured | |",
    "|---|---|---|---|",
    ...r.budgets.map((b) => `| ${b.name} | ${b.budget} | ${b.measured} | ${b.pass ? "PASS" : "**FAIL**"} |`),
    "",
    "## Routes against the same bytes answered as a constant",
    "",
    "Hono floor: a bench-only Hono app whose one route `app.get(\"*\")` returns the route's exact status, headers and body as a constant (bench/workers/hono-constant.ts): what the framework's dispatch costs before any of our code runs. The budgets judge ours against it. Raw constant: the same response from a Worker with no framework (bench/workers/constant.ts), reported beside, not judged. 304: both return the same 304 (zero-length body).",
    "",
    "| Route | Status | Body bytes | req/s (Hono floor) | × Hono floor | CPU µs/req (Hono floor) | × Hono floor | p50 ms | p99 ms | workerd busy | × raw constant req/s | × raw constant CPU | Hono floor CPU × raw constant |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ...r.routes.map(
      (route) =>
        `| ${route.name} \`${route.path}\` | ${route.status} | ${route.bodyBytes} | ${int(route.ours.rps)} (${int(route.hono.rps)}) | ${x(route.throughputOverHono)} | ${route.ours.cpuUsPerRequest.toFixed(1)} (${route.hono.cpuUsPerRequest.toFixed(1)}) | ${x(route.cpuOverHono)} | ${route.ours.p50Ms.toFixed(2)} (${route.hono.p50Ms.toFixed(2)}) | ${route.ours.p99Ms.toFixed(2)} (${route.hono.p99Ms.toFixed(2)}) | ${pct(route.ours.serverBusy)} | ${x(route.throughputRatio)} | ${x(route.cpuRatio)} | ${x(route.honoCpuRatio)} |`,
    ),
    "",
    "Hono floor values in parentheses.",
    "",
  );
  if (r.naive) {
    push(
      "## RSS against the naive design",
      "",
      "Naive: a Hono Worker that builds the RSS with `feed` on every request (from pre-rendered HTML). The 50-item row serves a 50-article synthetic corpus. Judged on CPU per request (naive over ours, median of per-round ratios); throughput is shown beside, with what limited it: workerd's share of its core, and the load generator's own CPU per response on the other core (when that is near 10^6 / req/s, the client set the pace).",
      "",
      "| Items | Body bytes (ours) | Our CPU µs/req | Naive CPU µs/req | Naive × our CPU | Our req/s | Naive req/s | Ours × naive req/s | workerd busy (ours, naive) | Load generator CPU µs/req (ours, naive) | Naive × constant | Ours × constant |",
      "|---|---|---|---|---|---|---|---|---|---|---|---|",
      ...r.naive.map(
        (n) =>
          `| ${n.items} | ${n.bodyBytes === undefined ? "not recorded" : int(n.bodyBytes)} | ${n.ours.cpuUsPerRequest.toFixed(1)} | ${n.naive.cpuUsPerRequest.toFixed(1)} | ${x(median(roundRatios(n.naive, n.ours).cpu))} | ${int(n.ours.rps)} | ${int(n.naive.rps)} | ${x(n.oursOverNaive)} | ${pct(n.ours.serverBusy)}, ${pct(n.naive.serverBusy)} | ${clientCpu(n.ours)}, ${clientCpu(n.naive)} | ${x(n.naiveOverBaseline)} | ${n.oursOverBaseline === undefined ? "see routes" : x(n.oursOverBaseline)} |`,
      ),
      "",
    );
  }
  if (r.workersCache) {
    const c = r.workersCache;
    push(
      "## Workers Cache: a feed polled by a crowd",
      "",
      `${c.polls.toLocaleString("en")} polls of the RSS feed by 1,000 readers, each every 5 minutes, through one RFC 9111 shared cache (bench/shared-cache.ts: http-cache-semantics' decisions, as Cloudflare's Workers Cache makes them at one edge location) in front of this Worker, against the same polls straight to the Worker.`,
      "",
      "| | Worker runs | per 10,000 polls |",
      "|---|---|---|",
      `| Without a cache | ${c.withoutCache.toLocaleString("en")} | ${((c.withoutCache / c.polls) * 10_000).toLocaleString("en")} |`,
      `| Through the cache | ${c.throughCache.toLocaleString("en")} | ${((c.throughCache / c.polls) * 10_000).toLocaleString("en")} (${x(c.withoutCache / c.throughCache)} fewer) |`,
      "",
    );
  }
  push(
    "## Bundle and start-up",
    "",
    `Seed content: ${(r.bundle.uploadBytes / KiB).toFixed(2)} KiB raw, ${(r.bundle.uploadGzipBytes / KiB).toFixed(2)} KiB gzip as wrangler reports the upload; built in ${ms(r.bundle.buildMs)}.`,
    "",
    `Each route in a fresh \`workerd serve\`: time from spawn to the first complete response, the first request itself, and the second. Of each start-up, about ${ms(r.emptyStartupMs)} is workerd's own (a Worker with nothing to load, same measure); the rest is this Worker's.`,
    "",
    "| Route | Start-up to first response ms | First request ms | Second request ms |",
    "|---|---|---|---|",
    ...r.startup.map((s) => `| ${s.route} | ${s.startupMs.toFixed(1)} | ${s.firstRequestMs.toFixed(2)} | ${s.secondRequestMs.toFixed(2)} |`),
    "",
  );
  if (r.photos) {
    const p = r.photos;
    push(
      "## Photos",
      "",
      `The seed's site without photos, and with its article given a lead photo and a body photo (${p.sources.map((s) => `${s.width}×${s.height}, ${mib(s.bytes)}`).join("; ")}; generated JPEGs), both built as deployed.`,
      "",
      "| | Without | With two photos | Difference |",
      "|---|---|---|---|",
      `| Worker upload, gzip | ${(p.bundleGzipBytes.without / KiB).toFixed(2)} KiB | ${(p.bundleGzipBytes.with / KiB).toFixed(2)} KiB | ${((p.bundleGzipBytes.with - p.bundleGzipBytes.without) / KiB).toFixed(2)} KiB |`,
      `| Static assets (photos) | 0 | ${p.assets.files} files, ${mib(p.assets.bytes)} | |`,
      "",
      `The photo step (src/build/photos.ts) on the two photos: ${ms(p.developMs.cold)} with an empty cache, ${ms(p.developMs.cached)} cached (${x(p.developMs.cached / p.developMs.cold)} of cold).`,
      "",
    );
  }
  if (r.soak) {
    const s = r.soak;
    push(
      `## Load test (${s.warmupSeconds} s warm-up + ${s.seconds} s, ${s.connections} connections, every route)`,
      "",
      requestList(s.routes),
      "",
      `${int(s.requests)} requests (${int(s.rps)}/s; autocannon checks every answer's status, and the headers named): ${s.socketErrors} socket errors, ${s.unexpectedStatuses} unexpected statuses${Object.keys(s.unexpectedByRoute).length ? ` (${JSON.stringify(s.unexpectedByRoute)})` : ""}.`,
      "",
      `workerd resident memory: ${s.rssStartMiB.toFixed(1)} MiB after start, ${s.rssAfterWarmupMiB.toFixed(1)} MiB after ${s.warmupSeconds} s of warm-up, ${s.rssEndMiB.toFixed(1)} MiB at the end (max ${s.rssMaxMiB.toFixed(1)}): ${pct(s.rssGrowth)} growth after warm-up. workerd climbs to a high-water mark in the first 20-30 s of such load whatever the Worker (a constant Worker too), then stays: growth after warm-up is what a leak would show. One sample a second is in results.json.`,
      "",
    );
  }
  push(...heapSection(r.heap));
  if (r.build) push(...buildSection(r.build));
  if (r.scale) {
    push(
      "## Scale: synthetic corpora of seed-sized articles",
      "",
      `Cloudflare limits: ${mib(LIMITS.freeGzipBytes)} gzip upload (free), ${mib(LIMITS.paidGzipBytes)} (paid), ${LIMITS.startupMs} ms start-up, ${LIMITS.memoryMiB} MiB memory per isolate. Throughput ratios are against a constant baseline of the same bytes in the same process.`,
      "",
      ...limitsCrossed(r.scale),
      "",
      "| Articles | Build s | Raw MiB | Gzip MiB | Fits | Start-up ms | workerd RSS MiB (start / loaded) | Isolate heap MiB (start / every document) | Feed req/s | Feed × baseline | Article req/s | Article × baseline |",
      "|---|---|---|---|---|---|---|---|---|---|---|---|",
      ...r.scale.map(
        (s) =>
          `| ${s.articles} | ${(s.bundle.buildMs / 1000).toFixed(1)} | ${(s.bundle.uploadBytes / MiB).toFixed(2)} | ${(s.bundle.uploadGzipBytes / MiB).toFixed(2)} | ${fits(s.bundle.uploadGzipBytes)} | ${s.startupMs.toFixed(0)} | ${s.rssAfterStartMiB.toFixed(0)} / ${s.rssAfterLoadMiB.toFixed(0)} | ${s.heap.afterStart.totalMiB.toFixed(1)} / ${s.heap.afterEveryDocument.totalMiB.toFixed(1)} | ${int(s.feed.rps)} | ${x(s.feed.throughputRatio)} | ${int(s.article.rps)} | ${x(s.article.throughputRatio)} |`,
      ),
      "",
      ...(r.scaleFlatness
        ? [
            `Side by side in one workerd, taking turns (the flatness budget): throughput at ${r.scaleFlatness.articles} articles over throughput at ${r.scaleFlatness.smallest}, each against a constant of its own bytes, median of per-round ratios: feed ${x(median(r.scaleFlatness.feed))}${spread(r.scaleFlatness.feed)}, article page ${x(median(r.scaleFlatness.article))}${spread(r.scaleFlatness.article)}.${overBaseline(r.scaleFlatness)}`,
            "",
          ]
        : []),
      "Isolate heap: the isolate's memory after a full garbage collection (JS heap + workerd's C++ heap + ArrayBuffer contents), read over the DevTools protocol from a workerd of its own, after the first request and after one GET of every document the build generated.",
      "",
    );
  }
  return `${lines.join("\n")}\n`;
}

/** The load test's requests: the plain GETs of documents counted, every other request named. */
function requestList(routes: SoakResult["routes"]): string {
  const isDocument = (route: SoakResult["routes"][number]) => route.label === `GET ${route.path}` && route.expectStatus === 200;
  const others = routes.filter((route) => !isDocument(route));
  return `Each connection cycles through a GET of each of the ${routes.length - others.length} documents the build generated (200), then: ${others.map((route) => `\`${route.label}\` → ${route.expectStatus}`).join("; ")}.`;
}

/** The seed site's isolate memory at each reading, against Cloudflare's limit per isolate. */
function heapSection(heap: HeapResult): string[] {
  const row = (when: string, usage: HeapUsage) =>
    `| ${when} | ${usage.usedMiB.toFixed(2)} | ${usage.embedderMiB.toFixed(2)} | ${usage.externalMiB.toFixed(2)} | ${usage.totalMiB.toFixed(2)} | ${pct(usage.totalMiB / LIMITS.memoryMiB)} |`;
  return [
    "## Isolate heap (seed content)",
    "",
    `The Worker's isolate, read with \`Runtime.getHeapUsage\` after \`HeapProfiler.collectGarbage\` over the DevTools protocol, from a workerd of its own started with \`--inspector-addr\` (never the process the timed runs measure). This, not workerd's resident memory, is what Cloudflare's ${LIMITS.memoryMiB} MiB per isolate is about. MiB:`,
    "",
    `| Reading | JS heap | workerd C++ heap | External (ArrayBuffer contents) | Total | Of ${LIMITS.memoryMiB} MiB |`,
    "|---|---|---|---|---|---|",
    row("After start-up (first request answered)", heap.afterStart),
    row(`After every document once (${heap.documents} GETs)`, heap.afterEveryDocument),
    ...(heap.afterLoad ? [row(`After ${heap.afterLoad.seconds} s of the load test's requests (${int(heap.afterLoad.requests)})`, heap.afterLoad)] : []),
    "",
  ];
}

/** For each limit, the smallest corpus that crosses it, if any. */
function limitsCrossed(scale: ScaleResult[]): string[] {
  const first = (crosses: (s: ScaleResult) => boolean, what: string) => {
    const i = scale.findIndex(crosses);
    if (i < 0) return `- ${what}: not crossed up to ${scale.at(-1)!.articles} articles`;
    return `- ${what}: crossed at ${scale[i]!.articles} articles${i > 0 ? ` (not at ${scale[i - 1]!.articles})` : ""}`;
  };
  return [
    first((s) => s.bundle.uploadGzipBytes > LIMITS.freeGzipBytes, "3 MiB gzip (free plan)"),
    first((s) => s.bundle.uploadGzipBytes > LIMITS.paidGzipBytes, "10 MiB gzip (paid plan)"),
    first((s) => s.startupMs > 100, "100 ms start-up (our goal)"),
    first((s) => s.startupMs > LIMITS.startupMs, "1 s start-up (Cloudflare's limit)"),
    first((s) => s.heap.afterEveryDocument.totalMiB >= LIMITS.memoryMiB, `${LIMITS.memoryMiB} MiB isolate heap after every document (Cloudflare's limit)`),
  ];
}

function fits(gzipBytes: number): string {
  if (gzipBytes <= LIMITS.freeGzipBytes) return "free";
  if (gzipBytes <= LIMITS.paidGzipBytes) return "paid only";
  return "**no**";
}

/** A measurement's load generator CPU per request; blank in results from before it was recorded. */
const clientCpu = (m: Measurement) => (m.clientCpuUsPerRequest === undefined ? "not recorded" : m.clientCpuUsPerRequest.toFixed(1));
const x = (value: number) => `${value.toFixed(2)}x`;
const ms = (value: number) => `${value.toFixed(0)} ms`;
const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
const mib = (bytes: number) => `${(bytes / MiB).toFixed(2)} MiB`;
const int = (value: number) => Math.round(value).toLocaleString("en-US");
