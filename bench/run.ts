import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildBenchWorker, buildSite, type Bundle } from "./build.ts";
import { writeSyntheticCorpus } from "./corpus.ts";
import { loadGenerator, type LoadGenerator } from "./load.ts";
import { compare, ratios, roundRatios, undecided, type CompareOptions, type Measurement, type Target } from "./measure.ts";
import { naiveInputs } from "./naive-input.ts";
import { measureHeap } from "./heap.ts";
import { measurePhotos } from "./photos.ts";
import { buildBudgets, buildSection, judge, markdownReport, SERVING_BUDGETS, type Results, type RouteResult, type StartupResult } from "./report.ts";
import { measureBuildSpeed, type BuildSpeedResult } from "./build-speed.ts";
import { discoverRoutes, revalidationRoute, type Route } from "./routes.ts";
import { measureScale } from "./scale.ts";
import { pollingThroughCache, type PollingResult } from "./shared-cache.ts";
import { soak } from "./soak.ts";
import { soakRoutes } from "./soak-routes.ts";
import { emptyWorkerStartup, firstRequest } from "./startup.ts";
import {
  constantWorker,
  expectOk,
  get,
  killAllSync,
  pinToCores,
  startWorkerd,
  stopAll,
  url,
  workerdVersion,
  writeConfig,
  type HttpResult,
  type WorkerSpec,
} from "./workerd.ts";

/**
 * `npm run bench`: builds the Worker as it is deployed, serves it with `workerd serve`, and
 * measures every route against a constant-response baseline and the naive design, in one run.
 * Flags: --scale (synthetic corpora of 10 to 5,000 articles), --no-soak (skip the 60 s load
 * test), --no-build (skip the build section: cold and warm builds against Hugo, npm start),
 * --build-only (only that section), --quick (short runs, for trying the bench itself; its numbers
 * are not worth keeping).
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const SEED_CONTENT = join(ROOT, "content");
const PORT = 18_700;
const CONNECTIONS = 16;
const SCALE_SIZES = [10, 100, 1000, 5000];
/** The corpus the authoring loop is measured on (issue 14: where Hugo took 4-6 s here). */
const BUILD_ARTICLES = 4000;

const args = new Set(process.argv.slice(2));
const OPTIONS = ["--scale", "--no-soak", "--quick", "--no-build", "--build-only"];
for (const arg of args) {
  if (!OPTIONS.includes(arg)) {
    console.error(`Unknown option ${arg}. Options: ${OPTIONS.join(", ")}`);
    process.exit(2);
  }
}
const quick = args.has("--quick");
const SETTINGS = {
  seconds: quick ? 1 : 2,
  // Even: compare() reverses the order of the targets every other round, and an odd count lets
  // the first round's order decide the median (a 304 read 0.68x its floor over 5 rounds and
  // 1.02x over 9).
  rounds: quick ? 2 : 6,
  // A route's median of 6 per-round ratios moves by about 0.1 between runs on this shared machine
  // (docs/benchmarks.md): a figure that close to its budget gets rounds added, two at a time,
  // until its 95% interval lies on one side of the threshold or this many rounds are done.
  maxRounds: quick ? 2 : 18,
  warmupSeconds: 1,
  soakSeconds: quick ? 10 : 60,
  soakWarmupSeconds: quick ? 5 : 30,
  soakConnections: 64,
  /** The load between the second and third heap readings, in a workerd of its own (bench/heap.ts). */
  heapLoadSeconds: quick ? 5 : 20,
};

process.on("exit", killAllSync);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    killAllSync();
    process.exit(130);
  });
}

/** The authoring loop's figures: measured first, with every core, before this process pins itself to one. */
function measureBuild(work: string): Promise<BuildSpeedResult> {
  return measureBuildSpeed({ root: ROOT, seedContentDir: SEED_CONTENT, work, articles: quick ? 500 : BUILD_ARTICLES, rounds: quick ? 1 : 3, log });
}

/**
 * `--build-only`: the build section alone, written into the last run's results (bench/results.json)
 * with its budgets judged again, so RESULTS.md stays one report.
 */
async function buildOnly(work: string): Promise<boolean> {
  const build = await measureBuild(work);
  const file = join(ROOT, "bench", "results.json");
  const results = JSON.parse(await readFile(file, "utf8")) as Results;
  results.build = build;
  results.budgets = judge(results);
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  // Only the build section is replaced: the rest of RESULTS.md is the last full run's, with what
  // was added to it by hand.
  const report = join(ROOT, "bench", "RESULTS.md");
  const markdown = await readFile(report, "utf8");
  const section = buildSection(build).join("\n");
  const existing = /^## Build speed[\s\S]*?(?=^## |(?![\s\S]))/m;
  await writeFile(report, existing.test(markdown) ? markdown.replace(existing, `${section}\n`) : `${markdown.trimEnd()}\n\n${section}\n`);
  const budgets = buildBudgets(build);
  console.log(`\n${budgets.map((b) => `${b.pass ? "PASS" : "FAIL"}  ${b.name}: ${b.measured} (budget ${b.budget})`).join("\n")}`);
  console.log("\nWritten the build section of bench/RESULTS.md and bench/results.json");
  return budgets.every((budget) => budget.pass);
}

async function main(work: string): Promise<boolean> {
  if (args.has("--build-only")) return buildOnly(work);
  const build = args.has("--no-build") ? undefined : await measureBuild(work);
  const cores = pinToCores();
  const generator = loadGenerator();
  const loadBefore = loadavg()[0]!;
  log(`load generator ${generator.name} ${generator.version}; workerd on core ${cores.server ?? "any"}, load on core ${cores.load ?? "any"}`);

  log("building the Worker for the seed content, a 50-article corpus, and the bench Workers");
  const seed = await buildSite(ROOT, join(work, "seed"), SEED_CONTENT);
  const corpus50 = join(work, "c50", "content");
  await writeSyntheticCorpus(SEED_CONTENT, corpus50, 50);
  const site50 = await buildSite(ROOT, join(work, "c50"), corpus50);
  const constant = await buildBenchWorker(ROOT, join(ROOT, "bench", "workers", "constant.ts"), join(work, "constant"));
  const naive = await buildBenchWorker(ROOT, join(ROOT, "bench", "workers", "naive-rss.ts"), join(work, "naive"));
  const honoConstant = await buildBenchWorker(ROOT, join(ROOT, "bench", "workers", "hono-constant.ts"), join(work, "hono-constant"));

  const serveDir = join(work, "serve");
  await mkdir(serveDir);
  for (const [file, bundle] of [["site.js", seed], ["site50.js", site50], ["constant.js", constant], ["naive.js", naive], ["hono-constant.js", honoConstant]] as const) {
    await writeFile(join(serveDir, file), bundle.script);
  }
  const { routes, allPaths, feeds, notes } = await discoverRoutes(join(work, "seed", "project"));
  const { RSS_PATH, naive1, naive50 } = await naiveInputs(SEED_CONTENT, corpus50);

  // Capture every response once, from a process serving our Workers and the naive ones: the
  // baselines repeat these exact bytes, and each must have the status the route expects.
  const ports = portMap(["site", "site50", "naive1", "naive50"]);
  const captureWorkers: WorkerSpec[] = [
    { name: "site", port: ports.site!, module: "site.js", dataModules: seed.dataModules },
    { name: "site50", port: ports.site50!, module: "site50.js", dataModules: site50.dataModules },
    { name: "naive1", port: ports.naive1!, module: "naive.js", json: naive1 },
    { name: "naive50", port: ports.naive50!, module: "naive.js", json: naive50 },
  ];
  const captured = new Map<string, HttpResult>();
  let workersCache: PollingResult;
  const capture = await startWorkerd(await writeConfig(serveDir, captureWorkers), ports.site!, cores.server);
  try {
    const rss = await get(url(ports.site!, RSS_PATH));
    const etag = rss.headers["etag"];
    if (!etag) throw new Error(`${RSS_PATH} has no ETag`);
    routes.push(revalidationRoute(RSS_PATH, etag));
    for (const route of routes) {
      const response = await get(url(ports.site!, route.path), route.headers);
      if (response.status !== route.expectStatus) throw new Error(`${route.path} answered ${response.status}, not ${route.expectStatus}`);
      captured.set(route.name, response);
    }
    captured.set("site50 RSS", await expectOk(url(ports.site50!, RSS_PATH)));
    captured.set("naive1", await expectOk(url(ports.naive1!, RSS_PATH)));
    captured.set("naive50", await expectOk(url(ports.naive50!, RSS_PATH)));
    log(`Workers Cache: 10,000 polls of ${RSS_PATH} by 1,000 readers every 5 minutes, through an RFC 9111 shared cache (bench/shared-cache.ts) in front of this Worker`);
    workersCache = await pollingThroughCache((path, headers) => get(url(ports.site!, path), headers), { path: RSS_PATH });
    log(`  ${workersCache.throughCache} Worker runs through the cache, ${workersCache.withoutCache} without`);
  } finally {
    await capture.stop();
  }

  log("start-up and the first request on each route, each in a fresh workerd");
  const startup: StartupResult[] = [];
  const siteOnly = await writeConfig(serveDir, [{ name: "site", port: PORT, module: "site.js", dataModules: seed.dataModules }]);
  for (const route of routes) startup.push(await firstRequest(siteOnly, route, PORT, cores.server));
  const emptyStartupMs = await emptyWorkerStartup(serveDir, PORT, cores.server);

  log(`throughput: ${routes.length} routes against their constant baselines, then the naive design`);
  const baselines: WorkerSpec[] = routes.flatMap((route, i) => [
    constantWorker(`baseline${i}`, captured.get(route.name)!, 0),
    constantWorker(`hono${i}`, captured.get(route.name)!, 0, "hono-constant.js"),
  ]);
  baselines.push(constantWorker("baseline-site50", captured.get("site50 RSS")!, 0));
  baselines.push(constantWorker("baseline-naive1", captured.get("naive1")!, 0));
  baselines.push(constantWorker("baseline-naive50", captured.get("naive50")!, 0));
  const allPorts = portMap([...captureWorkers, ...baselines].map((worker) => worker.name));
  const benchWorkers = [...captureWorkers, ...baselines].map((worker) => ({ ...worker, port: allPorts[worker.name]! }));
  const server = await startWorkerd(await writeConfig(serveDir, benchWorkers), allPorts.site!, cores.server);
  const options = { generator, pid: server.pid, connections: CONNECTIONS, ...SETTINGS };
  const routeResults: RouteResult[] = [];
  let naiveResult: Results["naive"];
  try {
    for (const [i, route] of routes.entries()) {
      const ours: Target = { id: "ours", url: url(allPorts.site!, route.path), expectStatus: route.expectStatus, ...optionalHeaders(route) };
      const baseline: Target = { id: "baseline", url: url(allPorts[`baseline${i}`]!, "/"), expectStatus: route.expectStatus };
      const hono: Target = { id: "hono", url: url(allPorts[`hono${i}`]!, "/"), expectStatus: route.expectStatus };
      const budgeted = route.kind === "200" || route.kind === "304";
      const measured = await compare([ours, baseline, hono], {
        ...options,
        ...(budgeted ? { extend: untilDecided("ours", "hono", { throughput: SERVING_BUDGETS.throughputOverHono, cpu: SERVING_BUDGETS.cpuOverHono }) } : {}),
      });
      routeResults.push(routeResult(route, captured.get(route.name)!, measured.get("ours")!, measured.get("baseline")!, measured.get("hono")!));
      const result = routeResults.at(-1)!;
      log(`  ${route.name}: ${fmt(result.throughputOverHono)}x Hono floor throughput, ${fmt(result.cpuOverHono)}x CPU/request (raw constant: ${fmt(result.throughputRatio)}x, ${fmt(result.cpuRatio)}x), ${result.ours.rounds.length} rounds`);
    }
    naiveResult = await measureNaive(generator, allPorts, RSS_PATH, options, [captured.get("RSS")!.body.length, captured.get("site50 RSS")!.body.length]);
  } finally {
    await server.stop();
  }

  const atomEtag = captured.get("Atom")?.headers["etag"];
  if (!atomEtag) throw new Error(`${feeds.atom} has no ETag`);
  const article = routes.find((route) => route.name === "Article page")!.path;
  const loadRoutes = soakRoutes(allPaths, routes, feeds, article, atomEtag);

  let soakResult: Results["soak"];
  if (!args.has("--no-soak")) {
    log(`load test: ${SETTINGS.soakWarmupSeconds} s warm-up + ${SETTINGS.soakSeconds} s at ${SETTINGS.soakConnections} connections across every route`);
    const soakServer = await startWorkerd(siteOnly, PORT, cores.server);
    try {
      soakResult = await soak(url(PORT, "/"), loadRoutes, soakServer.pid, {
        seconds: SETTINGS.soakSeconds,
        warmupSeconds: SETTINGS.soakWarmupSeconds,
        connections: SETTINGS.soakConnections,
      });
    } finally {
      await soakServer.stop();
    }
  }

  log(`isolate heap: after start-up, after every document once${args.has("--no-soak") ? "" : `, after ${SETTINGS.heapLoadSeconds} s of the load test's requests`} (a workerd with an inspector)`);
  const heap = await measureHeap(siteOnly, {
    port: PORT,
    inspectorPort: PORT - 1,
    cpu: cores.server,
    worker: "site",
    firstPath: feeds.rss,
    paths: allPaths,
    ...(args.has("--no-soak")
      ? {}
      : {
          load: async (baseUrl: string, pid: number) => {
            const load = await soak(baseUrl, loadRoutes, pid, { seconds: SETTINGS.heapLoadSeconds, warmupSeconds: 0, connections: SETTINGS.soakConnections });
            return { seconds: load.seconds, requests: load.requests };
          },
        }),
  });

  log("photos: the Worker bundle without and with two photos, and the photo step cold and cached");
  const photos = await measurePhotos(ROOT, SEED_CONTENT, join(work, "photos"));

  const scale = args.has("--scale")
    ? await measureScale(SCALE_SIZES, {
        root: ROOT,
        seedContentDir: SEED_CONTENT,
        work,
        benchWorkersDir: serveDir,
        port: PORT,
        cpu: cores.server,
        compare: { generator, connections: CONNECTIONS, ...SETTINGS },
        maxRounds: SETTINGS.maxRounds,
        log,
      })
    : undefined;

  const results: Results = {
    date: new Date().toISOString(),
    mode: quick ? "quick" : "full",
    machine: {
      cpu: cpus()[0]?.model ?? "unknown",
      cores: cpus().length,
      node: process.version,
      workerd: workerdVersion(),
      loadGenerator: `${generator.name} ${generator.version}`,
      pinning: cores.server === undefined ? "none" : `workerd on core ${cores.server}, load generator on core ${cores.load}`,
      loadAverage: { before: loadBefore, after: loadavg()[0]! },
    },
    settings: { ...SETTINGS, connections: CONNECTIONS },
    notes,
    bundle: bundleResult(seed),
    routes: routeResults,
    naive: naiveResult,
    workersCache,
    startup,
    emptyStartupMs,
    soak: soakResult,
    heap,
    photos,
    scale: scale?.corpora,
    scaleFlatness: scale?.flatness,
    build,
    budgets: [],
  };
  results.budgets = judge(results);
  await writeFile(join(ROOT, "bench", "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  const markdown = markdownReport(results);
  await writeFile(join(ROOT, "bench", "RESULTS.md"), markdown);
  console.log(`\n${results.budgets.map((b) => `${b.pass ? "PASS" : "FAIL"}  ${b.name}: ${b.measured} (budget ${b.budget})`).join("\n")}`);
  console.log(`\nWritten bench/RESULTS.md and bench/results.json`);
  return results.budgets.every((budget) => budget.pass);
}

async function measureNaive(
  generator: LoadGenerator,
  ports: Record<string, number>,
  rssPath: string,
  options: Parameters<typeof compare>[1],
  bodyBytes: [one: number, fifty: number],
): Promise<NonNullable<Results["naive"]>> {
  const target = (id: string, port: string, path = "/") => ({ id, url: url(ports[port]!, path), expectStatus: 200 });
  const one = await compare([target("ours", "site", rssPath), target("naive", "naive1", rssPath), target("baseline", "baseline-naive1")], {
    ...options,
    generator,
    extend: untilDecided("naive", "ours", { cpu: SERVING_BUDGETS.naiveOneItem }),
  });
  const fifty = await compare(
    [target("ours", "site50", rssPath), target("naive", "naive50", rssPath), target("baseline", "baseline-naive50"), target("oursBaseline", "baseline-site50")],
    { ...options, generator, extend: untilDecided("naive", "ours", { cpu: SERVING_BUDGETS.naiveFiftyItems }) },
  );
  const summary = (m: Map<string, Measurement>, items: number, body: number) => ({
    items,
    bodyBytes: body,
    ours: m.get("ours")!,
    naive: m.get("naive")!,
    oursOverNaive: ratios(m.get("ours")!, m.get("naive")!).throughput,
    naiveOverBaseline: ratios(m.get("naive")!, m.get("baseline")!).throughput,
    ...(m.has("oursBaseline") ? { oursOverBaseline: ratios(m.get("ours")!, m.get("oursBaseline")!).throughput } : {}),
  });
  return [summary(one, 1, bodyBytes[0]), summary(fifty, 50, bodyBytes[1])];
}

/**
 * compare()'s `extend`: more rounds while the 95% interval of `subject` over `reference`
 * (per-round ratios) still holds a budget's threshold, up to SETTINGS.maxRounds.
 */
function untilDecided(subject: string, reference: string, thresholds: { throughput?: number; cpu?: number }): NonNullable<CompareOptions["extend"]> {
  return {
    maxRounds: SETTINGS.maxRounds,
    undecided: (measured) => {
      const perRound = roundRatios(measured.get(subject)!, measured.get(reference)!);
      return (
        (thresholds.throughput !== undefined && undecided(perRound.throughput, thresholds.throughput)) ||
        (thresholds.cpu !== undefined && undecided(perRound.cpu, thresholds.cpu))
      );
    },
  };
}

function routeResult(route: Route, response: HttpResult, ours: Measurement, baseline: Measurement, hono: Measurement): RouteResult {
  const r = ratios(ours, baseline);
  return {
    name: route.name,
    path: route.path,
    kind: route.kind,
    status: route.expectStatus,
    bodyBytes: response.body.length,
    ours,
    baseline,
    hono,
    throughputRatio: r.throughput,
    cpuRatio: r.cpu,
    honoCpuRatio: ratios(hono, baseline).cpu,
    cpuOverHono: ratios(ours, hono).cpu,
    throughputOverHono: ratios(ours, hono).throughput,
  };
}

function bundleResult(bundle: Bundle): Results["bundle"] {
  const { script: _script, dataModules: _dataModules, ...sizes } = bundle;
  return sizes;
}

function optionalHeaders(route: Route): { headers?: Record<string, string> } {
  return route.headers ? { headers: route.headers } : {};
}

function portMap(names: string[]): Record<string, number> {
  return Object.fromEntries(names.map((name, i) => [name, PORT + 1 + i]));
}

function fmt(value: number): string {
  return value.toFixed(2);
}

function log(message: string): void {
  console.log(`[bench] ${message}`);
}

const work = await mkdtemp(join(tmpdir(), "edgefeed-bench-"));
let failed = false;
try {
  failed = !(await main(work));
} catch (error) {
  console.error(error);
  failed = true;
} finally {
  await stopAll();
  await rm(work, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
