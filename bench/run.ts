import { execFileSync } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildBenchWorker, buildSite, type Bundle } from "./build.ts";
import { writeSyntheticCorpus } from "./corpus.ts";
import { loadGenerator, type LoadGenerator } from "./load.ts";
import { compare, median, ratios, type Measurement, type Target } from "./measure.ts";
import { judge, markdownReport, type Results, type RouteResult, type ScaleResult, type StartupResult } from "./report.ts";
import { discoverRoutes, revalidationRoute, type Route } from "./routes.ts";
import { soak } from "./soak.ts";
import { naiveInputs } from "./naive-input.ts";
import { get, killAllSync, rssBytes, startWorkerd, stopAll, writeConfig, type HttpResult, type WorkerSpec } from "./workerd.ts";

/**
 * `npm run bench`: builds the Worker as it is deployed, serves it with `workerd serve`, and
 * measures every route against a constant-response baseline and the naive design, in one run.
 * Flags: --scale (synthetic corpora of 10 to 5,000 articles), --no-soak (skip the 60 s load
 * test), --quick (short runs, for trying the bench itself; its numbers are not worth keeping).
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const WORKERD = join(ROOT, "node_modules", "@cloudflare", "workerd-linux-64", "bin", "workerd");
const SEED_CONTENT = join(ROOT, "content");
const PORT = 18_700;
const CONNECTIONS = 16;
const SCALE_SIZES = [10, 100, 1000, 5000];

const args = new Set(process.argv.slice(2));
for (const arg of args) {
  if (!["--scale", "--no-soak", "--quick"].includes(arg)) {
    console.error(`Unknown option ${arg}. Options: --scale, --no-soak, --quick`);
    process.exit(2);
  }
}
const quick = args.has("--quick");
const SETTINGS = {
  seconds: quick ? 1 : 2,
  rounds: quick ? 2 : 5,
  warmupSeconds: 1,
  soakSeconds: quick ? 12 : 60,
  soakConnections: 64,
};

process.on("exit", killAllSync);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    killAllSync();
    process.exit(130);
  });
}

async function main(work: string): Promise<boolean> {
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

  const serveDir = join(work, "serve");
  await mkdir(serveDir);
  for (const [file, bundle] of [["site.js", seed], ["site50.js", site50], ["constant.js", constant], ["naive.js", naive]] as const) {
    await writeFile(join(serveDir, file), bundle.script);
  }
  const { routes, allPaths, notes } = await discoverRoutes(join(work, "seed", "project"));
  const { RSS_PATH, naive1, naive50 } = await naiveInputs(SEED_CONTENT, corpus50);

  // Capture every response once, from a process serving our Workers and the naive ones: the
  // baselines repeat these exact bytes, and each must have the status the route expects.
  const ports = portMap(["site", "site50", "naive1", "naive50"]);
  const captureWorkers: WorkerSpec[] = [
    { name: "site", port: ports.site!, module: "site.js" },
    { name: "site50", port: ports.site50!, module: "site50.js" },
    { name: "naive1", port: ports.naive1!, module: "naive.js", json: naive1 },
    { name: "naive50", port: ports.naive50!, module: "naive.js", json: naive50 },
  ];
  const captured = new Map<string, HttpResult>();
  const capture = await startWorkerd(WORKERD, await writeConfig(serveDir, captureWorkers), ports.site!, cores.server);
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
  } finally {
    await capture.stop();
  }

  log("start-up and the first request on each route, each in a fresh workerd");
  const startup: StartupResult[] = [];
  const siteOnly = await writeConfig(serveDir, [{ name: "site", port: PORT, module: "site.js" }]);
  for (const route of routes) startup.push(await firstRequest(siteOnly, route, cores.server));
  const emptyStartupMs = await emptyWorkerStartup(serveDir, cores.server);

  log(`throughput: ${routes.length} routes against their constant baselines, then the naive design`);
  const baselines: WorkerSpec[] = routes.map((route, i) => constantSpec(`baseline${i}`, captured.get(route.name)!));
  baselines.push(constantSpec("baseline-site50", captured.get("site50 RSS")!));
  baselines.push(constantSpec("baseline-naive1", captured.get("naive1")!));
  baselines.push(constantSpec("baseline-naive50", captured.get("naive50")!));
  const allPorts = portMap([...captureWorkers, ...baselines].map((worker) => worker.name));
  const benchWorkers = [...captureWorkers, ...baselines].map((worker) => ({ ...worker, port: allPorts[worker.name]! }));
  const server = await startWorkerd(WORKERD, await writeConfig(serveDir, benchWorkers), allPorts.site!, cores.server);
  const options = { generator, pid: server.pid, connections: CONNECTIONS, ...SETTINGS };
  const routeResults: RouteResult[] = [];
  let naiveResult: Results["naive"];
  try {
    for (const [i, route] of routes.entries()) {
      const ours: Target = { id: "ours", url: url(allPorts.site!, route.path), expectStatus: route.expectStatus, ...optionalHeaders(route) };
      const baseline: Target = { id: "baseline", url: url(allPorts[`baseline${i}`]!, "/"), expectStatus: route.expectStatus };
      const measured = await compare([ours, baseline], options);
      routeResults.push(routeResult(route, captured.get(route.name)!, measured.get("ours")!, measured.get("baseline")!));
      log(`  ${route.name}: ${fmt(routeResults.at(-1)!.throughputRatio)}x baseline throughput, ${fmt(routeResults.at(-1)!.cpuRatio)}x CPU/request`);
    }
    naiveResult = await measureNaive(generator, allPorts, RSS_PATH, options);
  } finally {
    await server.stop();
  }

  let soakResult: Results["soak"];
  if (!args.has("--no-soak")) {
    log(`load test: ${SETTINGS.soakSeconds} s at ${SETTINGS.soakConnections} connections across every route`);
    const soakServer = await startWorkerd(WORKERD, siteOnly, PORT, cores.server);
    try {
      const soakRoutes = [
        ...allPaths.map((path) => ({ path, expectStatus: 200 })),
        ...routes.filter((route) => route.kind !== "200").map((route) => ({ path: route.path, expectStatus: route.expectStatus, ...optionalHeaders(route) })),
      ];
      soakResult = await soak(url(PORT, "/"), soakRoutes, soakServer.pid, SETTINGS.soakSeconds, SETTINGS.soakConnections);
    } finally {
      await soakServer.stop();
    }
  }

  const scale = args.has("--scale") ? await measureScale(work, generator, cores.server, options) : undefined;

  const results: Results = {
    date: new Date().toISOString(),
    mode: quick ? "quick" : "full",
    machine: {
      cpu: cpus()[0]?.model ?? "unknown",
      cores: availableParallelism(),
      node: process.version,
      workerd: execFileSync(WORKERD, ["--version"], { encoding: "utf8" }).trim(),
      loadGenerator: `${generator.name} ${generator.version}`,
      pinning: cores.server === undefined ? "none" : `workerd on core ${cores.server}, load generator on core ${cores.load}`,
      loadAverage: { before: loadBefore, after: loadavg()[0]! },
    },
    settings: { ...SETTINGS, connections: CONNECTIONS },
    notes,
    bundle: bundleResult(seed),
    routes: routeResults,
    naive: naiveResult,
    startup,
    emptyStartupMs,
    soak: soakResult,
    scale,
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

/** Start-up to first response, and the first and second request, on one route in a fresh workerd. */
async function firstRequest(config: string, route: Route, cpu: number | undefined): Promise<StartupResult> {
  const server = await startWorkerd(WORKERD, config, PORT, cpu);
  try {
    const first = await get(url(PORT, route.path), route.headers);
    const startupMs = performance.now() - server.spawnedAt;
    const second = await get(url(PORT, route.path), route.headers);
    return { route: route.name, startupMs, firstRequestMs: first.ms, secondRequestMs: second.ms, status: first.status };
  } finally {
    await server.stop();
  }
}

/**
 * workerd's own start-up, with a Worker that has nothing to load (median of three): what is left
 * of a site's start-up after subtracting it is the Worker's, the part Cloudflare's limit is about.
 */
async function emptyWorkerStartup(serveDir: string, cpu: number | undefined): Promise<number> {
  const config = await writeConfig(serveDir, [{ name: "empty", port: PORT, module: "constant.js", text: { BODY: "" }, json: { STATUS: 204, HEADERS: {} } }]);
  const starts: StartupResult[] = [];
  for (let i = 0; i < 3; i++) starts.push(await firstRequest(config, { name: "empty", path: "/", expectStatus: 204, kind: "200" }, cpu));
  return median(starts.map((start) => start.startupMs));
}

async function measureNaive(generator: LoadGenerator, ports: Record<string, number>, rssPath: string, options: Parameters<typeof compare>[1]): Promise<NonNullable<Results["naive"]>> {
  const target = (id: string, port: string, path = "/") => ({ id, url: url(ports[port]!, path), expectStatus: 200 });
  const one = await compare([target("ours", "site", rssPath), target("naive", "naive1", rssPath), target("baseline", "baseline-naive1")], { ...options, generator });
  const fifty = await compare(
    [target("ours", "site50", rssPath), target("naive", "naive50", rssPath), target("baseline", "baseline-naive50"), target("oursBaseline", "baseline-site50")],
    { ...options, generator },
  );
  const summary = (m: Map<string, Measurement>, items: number) => ({
    items,
    ours: m.get("ours")!,
    naive: m.get("naive")!,
    oursOverNaive: ratios(m.get("ours")!, m.get("naive")!).throughput,
    naiveOverBaseline: ratios(m.get("naive")!, m.get("baseline")!).throughput,
    ...(m.has("oursBaseline") ? { oursOverBaseline: ratios(m.get("ours")!, m.get("oursBaseline")!).throughput } : {}),
  });
  return [summary(one, 1), summary(fifty, 50)];
}

async function measureScale(work: string, generator: LoadGenerator, cpu: number | undefined, options: Parameters<typeof compare>[1]): Promise<ScaleResult[]> {
  const results: ScaleResult[] = [];
  for (const count of SCALE_SIZES) {
    log(`scale: ${count} articles`);
    const dir = join(work, `scale-${count}`);
    await writeSyntheticCorpus(SEED_CONTENT, join(dir, "content"), count);
    const bundle = await buildSite(ROOT, dir, join(dir, "content"));
    const serveDir = join(dir, "serve");
    await mkdir(serveDir);
    await writeFile(join(serveDir, "site.js"), bundle.script);
    await copyFile(join(work, "serve", "constant.js"), join(serveDir, "constant.js"));
    const { routes } = await discoverRoutes(join(dir, "project"));
    const feed = routes.find((route) => route.name === "RSS")!;
    const article = routes.find((route) => route.name === "Article page")!;
    // Start-up: median of three fresh processes, each to its first feed response.
    const siteOnly = await writeConfig(serveDir, [{ name: "site", port: PORT, module: "site.js" }]);
    const starts: StartupResult[] = [];
    for (let i = 0; i < 3; i++) starts.push(await firstRequest(siteOnly, feed, cpu));
    const feedBody = await captureOnce(siteOnly, [feed, article], cpu);
    const workers: WorkerSpec[] = [
      { name: "site", port: PORT, module: "site.js" },
      constantSpec("feedBaseline", feedBody[0]!, PORT + 1),
      constantSpec("articleBaseline", feedBody[1]!, PORT + 2),
    ];
    const server = await startWorkerd(WORKERD, await writeConfig(serveDir, workers), PORT, cpu);
    try {
      const rssAfterStartMiB = rssBytes(server.pid) / 1024 / 1024;
      const m = await compare(
        [
          { id: "feed", url: url(PORT, feed.path), expectStatus: 200 },
          { id: "feedBaseline", url: url(PORT + 1, "/"), expectStatus: 200 },
          { id: "article", url: url(PORT, article.path), expectStatus: 200 },
          { id: "articleBaseline", url: url(PORT + 2, "/"), expectStatus: 200 },
        ],
        { ...options, generator, pid: server.pid, rounds: 2 },
      );
      results.push({
        articles: count,
        bundle: bundleResult(bundle),
        startupMs: median(starts.map((s) => s.startupMs)),
        rssAfterStartMiB,
        rssAfterLoadMiB: rssBytes(server.pid) / 1024 / 1024,
        feed: { rps: m.get("feed")!.rps, cpuUsPerRequest: m.get("feed")!.cpuUsPerRequest, ...named(ratios(m.get("feed")!, m.get("feedBaseline")!)) },
        article: { rps: m.get("article")!.rps, cpuUsPerRequest: m.get("article")!.cpuUsPerRequest, ...named(ratios(m.get("article")!, m.get("articleBaseline")!)) },
      });
    } finally {
      await server.stop();
    }
    await rm(dir, { recursive: true, force: true });
    const last = results.at(-1)!;
    log(`  ${count}: gzip ${(last.bundle.uploadGzipBytes / 1048576).toFixed(2)} MiB, start-up ${last.startupMs.toFixed(0)} ms, feed ${fmt(last.feed.throughputRatio)}x, article ${fmt(last.article.throughputRatio)}x baseline`);
  }
  return results;
}

async function captureOnce(config: string, routes: Route[], cpu: number | undefined): Promise<HttpResult[]> {
  const server = await startWorkerd(WORKERD, config, PORT, cpu);
  try {
    const responses: HttpResult[] = [];
    for (const route of routes) responses.push(await expectOk(url(PORT, route.path)));
    return responses;
  } finally {
    await server.stop();
  }
}

function named(r: { throughput: number; cpu: number }): { throughputRatio: number; cpuRatio: number } {
  return { throughputRatio: r.throughput, cpuRatio: r.cpu };
}

function routeResult(route: Route, response: HttpResult, ours: Measurement, baseline: Measurement): RouteResult {
  const r = ratios(ours, baseline);
  return { name: route.name, path: route.path, kind: route.kind, status: route.expectStatus, bodyBytes: response.body.length, ours, baseline, throughputRatio: r.throughput, cpuRatio: r.cpu };
}

/** A constant Worker answering exactly what `response` was: status, headers, body bytes. */
function constantSpec(name: string, response: HttpResult, port = 0): WorkerSpec {
  const headers = Object.fromEntries(Object.entries(response.headers).filter(([header]) => !HOP_HEADERS.has(header)));
  return { name, port, module: "constant.js", text: { BODY: response.body.toString("utf8") }, json: { STATUS: response.status, HEADERS: headers } };
}

/** Headers workerd writes itself on every response. */
const HOP_HEADERS = new Set(["date", "content-length", "transfer-encoding", "connection", "keep-alive"]);

async function expectOk(address: string): Promise<HttpResult> {
  const response = await get(address);
  if (response.status !== 200) throw new Error(`${address} answered ${response.status}`);
  return response;
}

function bundleResult(bundle: Bundle): Results["bundle"] {
  const { script: _script, ...sizes } = bundle;
  return sizes;
}

function optionalHeaders(route: Route): { headers?: Record<string, string> } {
  return route.headers ? { headers: route.headers } : {};
}

function portMap(names: string[]): Record<string, number> {
  return Object.fromEntries(names.map((name, i) => [name, PORT + 1 + i]));
}

function url(port: number, path: string): string {
  return `http://127.0.0.1:${port}${path}`;
}

/**
 * Pins this process (and so the load generator it runs or spawns) to the last core, and workerd
 * to the first, so they do not take turns on one core. Without two cores or taskset, no pinning.
 */
function pinToCores(): { server: number | undefined; load: number | undefined } {
  const count = availableParallelism();
  if (count < 2) return { server: undefined, load: undefined };
  try {
    execFileSync("taskset", ["-a", "-p", "-c", String(count - 1), String(process.pid)], { stdio: "ignore" });
    return { server: 0, load: count - 1 };
  } catch {
    return { server: undefined, load: undefined };
  }
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
