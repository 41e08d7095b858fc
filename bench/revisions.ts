import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildBenchWorker, buildSite, type Bundle } from "./build.ts";
import { writeSyntheticCorpus } from "./corpus.ts";
import { loadGenerator } from "./load.ts";
import { compare, median, type Measurement, type Target } from "./measure.ts";
import { discoverRoutes, revalidationRoute, type Route } from "./routes.ts";
import { constantWorker, get, killAllSync, pinToCores, startWorkerd, stopAll, url, writeConfig, type HttpResult, type WorkerSpec } from "./workerd.ts";

/**
 * `npx tsx bench/revisions.ts <revision>`: is this checkout's Worker slower than <revision>'s?
 * Builds both as deployed from the same content, serves both and a Hono floor of each one's exact
 * responses from ONE workerd, and loads them in turn, route by route, many short rounds. A
 * full `npm run bench` run of each cannot answer it: a route's ratio moves by up to 0.2x from one
 * run to the next on this shared machine (docs/benchmarks.md), more than most changes.
 *
 * Options: --articles N (a synthetic corpus of N articles, bench/corpus.ts, instead of content/),
 * --routes "Article page,RSS" (names as the bench reports them; default every route),
 * --rounds N (default 12), --seconds S per run (default 2), --json FILE (every round's figures).
 */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const PORT = 18_900;
const CONNECTIONS = 16;

interface Options {
  revision: string;
  articles: number | undefined;
  routes: string[] | undefined;
  rounds: number;
  seconds: number;
  /** Where to write every round's figures as JSON, if anywhere. */
  json: string | undefined;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { revision: "", articles: undefined, routes: undefined, rounds: 12, seconds: 2, json: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === "--articles") options.articles = positive(arg, value());
    else if (arg === "--routes") options.routes = value().split(",").map((name) => name.trim());
    else if (arg === "--rounds") options.rounds = positive(arg, value());
    else if (arg === "--seconds") options.seconds = positive(arg, value());
    else if (arg === "--json") options.json = value();
    else if (arg.startsWith("--") || options.revision) throw new Error(`unknown argument ${arg}`);
    else options.revision = arg;
  }
  if (!options.revision) throw new Error("usage: npx tsx bench/revisions.ts <revision> [--articles N] [--routes names] [--rounds N] [--seconds S]");
  // An even count: compare() reverses the order every other round, and both orders should weigh alike.
  if (options.rounds % 2 === 1) options.rounds++;
  return options;
}

function positive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} takes a positive whole number, not ${JSON.stringify(text)}`);
  return value;
}

/** One side of the comparison: a project tree, the Worker built from it, and what it answered. */
interface Side {
  name: "base" | "this";
  root: string;
  bundle: Bundle;
  responses: Map<string, HttpResult>;
}

/** A route's figures for both sides, each a median of per-round ratios (bench/measure.ts). */
export interface RevisionRow {
  route: string;
  /** This checkout over the base revision, same route, rounds seconds apart. */
  throughput: number;
  cpu: number;
  cpuQuartiles: [number, number];
  /** Each side over the Hono floor of its own bytes: what the bench's budgets judge. */
  baseOverHono: { throughput: number; cpu: number };
  thisOverHono: { throughput: number; cpu: number };
  /** Medians of the raw figures. */
  baseCpuUs: number;
  thisCpuUs: number;
  sameBytes: boolean;
  /** The same status and header lines in the same order, Date aside (the runtime's clock). */
  sameHeaders: boolean;
}

async function main(work: string, options: Options): Promise<void> {
  const commit = execFileSync("git", ["rev-parse", "--short", options.revision], { cwd: ROOT, encoding: "utf8" }).trim();
  const content = await contentFolder(work, options.articles);
  log(`building ${commit} and this checkout from ${options.articles ? `${options.articles} synthetic articles` : "content/"}`);
  const baseRoot = await exportRevision(commit, join(work, "base-tree"));
  const sides: Side[] = [];
  for (const [name, root] of [["base", baseRoot], ["this", ROOT]] as const) {
    // Each build its own cache folder: neither reuses (or overwrites) the other's, nor the checkout's.
    process.env["EDGEFEED_CACHE_DIR"] = join(work, `${name}-cache`);
    sides.push({ name, root, bundle: await buildSite(root, join(work, name), content), responses: new Map() });
  }
  const hono = await buildBenchWorker(ROOT, join(ROOT, "bench", "workers", "hono-constant.ts"), join(work, "hono-constant"));

  const serveDir = join(work, "serve");
  await mkdir(serveDir);
  await writeFile(join(serveDir, "base.js"), sides[0]!.bundle.script);
  await writeFile(join(serveDir, "this.js"), sides[1]!.bundle.script);
  await writeFile(join(serveDir, "hono-constant.js"), hono.script);
  const { routes: discovered } = await discoverRoutes(join(work, "this", "project"));
  const siteWorkers: WorkerSpec[] = sides.map((side, i) => ({ name: side.name, port: PORT + i, module: `${side.name}.js`, dataModules: side.bundle.dataModules }));

  const cores = pinToCores();
  const capture = await startWorkerd(await writeConfig(serveDir, siteWorkers), PORT, cores.server);
  let routes: Route[];
  try {
    // The 304 revalidates with each side's own ETag: ETags may differ while the bytes do not.
    const feed = discovered.find((route) => route.name === "RSS")!;
    routes = [...discovered, revalidationRoute(feed.path, "")].filter((route) => !options.routes || options.routes.includes(route.name));
    if (routes.length === 0) throw new Error(`no route is named ${options.routes?.join(", ")}; names: ${[...discovered.map((r) => r.name), "304 (RSS revalidation)"].join(", ")}`);
    for (const [i, side] of sides.entries()) {
      const etag = (await get(url(PORT + i, feed.path))).headers["etag"] ?? "";
      for (const route of routes) {
        const headers = route.kind === "304" ? { "if-none-match": etag } : route.headers;
        const response = await get(url(PORT + i, route.path), headers);
        if (response.status !== route.expectStatus) throw new Error(`${side.name} answered ${route.path} with ${response.status}, not ${route.expectStatus}`);
        side.responses.set(route.name, response);
      }
    }
  } finally {
    await capture.stop();
  }

  const floors: WorkerSpec[] = sides.flatMap((side) => routes.map((route, r) => constantWorker(`hono-${side.name}-${r}`, side.responses.get(route.name)!, 0, "hono-constant.js")));
  const workers = [...siteWorkers, ...floors.map((worker, i) => ({ ...worker, port: PORT + 2 + i }))];
  const server = await startWorkerd(await writeConfig(serveDir, workers), PORT, cores.server);
  const generator = loadGenerator();
  const loadBefore = loadavg()[0]!;
  const rows: RevisionRow[] = [];
  const rounds: Record<string, Record<string, Measurement["rounds"]>> = {};
  try {
    for (const [r, route] of routes.entries()) {
      const targets: Target[] = sides.flatMap((side, i) => {
        const headers = route.kind === "304" ? { "if-none-match": side.responses.get(route.name)!.headers["etag"]! } : route.headers;
        const floorPort = PORT + 2 + i * routes.length + r;
        return [
          { id: side.name, url: url(PORT + i, route.path), expectStatus: route.expectStatus, ...(headers ? { headers } : {}) },
          { id: `hono-${side.name}`, url: url(floorPort, "/"), expectStatus: route.expectStatus },
        ];
      });
      // this, base, then the floors: the two sides are loaded next to each other in every round.
      const ordered = [targets[2]!, targets[0]!, targets[1]!, targets[3]!];
      const m = await compare(ordered, { generator, pid: server.pid, connections: CONNECTIONS, seconds: options.seconds, rounds: options.rounds, warmupSeconds: 1 });
      rounds[route.name] = Object.fromEntries([...m].map(([id, measured]) => [id, measured.rounds]));
      const faults = [...m.values()].reduce((sum, x) => sum + x.socketErrors + x.unexpectedStatuses, 0);
      if (faults > 0) throw new Error(`${route.name}: ${faults} socket errors or unexpected statuses`);
      const base = sides[0]!.responses.get(route.name)!;
      const ours = sides[1]!.responses.get(route.name)!;
      rows.push({
        route: route.name,
        ...pairedRatios(m.get("this")!, m.get("base")!),
        baseOverHono: pairedRatios(m.get("base")!, m.get("hono-base")!),
        thisOverHono: pairedRatios(m.get("this")!, m.get("hono-this")!),
        baseCpuUs: m.get("base")!.cpuUsPerRequest,
        thisCpuUs: m.get("this")!.cpuUsPerRequest,
        sameBytes: base.body.equals(ours.body),
        sameHeaders: base.status === ours.status && JSON.stringify(headerLines(base)) === JSON.stringify(headerLines(ours)),
      });
      const row = rows.at(-1)!;
      if (!row.sameHeaders) log(`  ${route.name}: headers differ:\n    base: ${headerLines(base).join("\n          ")}\n    this: ${headerLines(ours).join("\n          ")}`);
      log(
        `  ${route.name}: this/base ${x(row.throughput)} throughput, ${x(row.cpu)} CPU/request; ` +
          `over Hono floor: base ${x(row.baseOverHono.throughput)} / ${x(row.baseOverHono.cpu)}, this ${x(row.thisOverHono.throughput)} / ${x(row.thisOverHono.cpu)}`,
      );
    }
  } finally {
    await server.stop();
  }
  const report = [
    `## This checkout against ${commit}, interleaved in one workerd`,
    "",
    `${new Date().toISOString()}; ${options.articles ? `${options.articles} synthetic articles` : "content/"}; ${options.rounds} rounds of ${options.seconds} s at ${CONNECTIONS} connections per target, ` +
      `order reversed every other round; load average ${loadBefore.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after. Ratios are medians of per-round ratios.`,
    "",
    "| Route | Same body bytes, same headers | this / base req/s | this / base CPU/req (middle half of rounds) | base × Hono floor (req/s, CPU) | this × Hono floor (req/s, CPU) | CPU µs/req base, this |",
    "|---|---|---|---|---|---|---|",
    ...rows.map(
      (row) =>
        `| ${row.route} | ${row.sameBytes ? "yes" : "no"}, ${row.sameHeaders ? "yes" : "no"} | ${x(row.throughput)} | ${x(row.cpu)} (${row.cpuQuartiles.map(x).join("-")}) | ${x(row.baseOverHono.throughput)}, ${x(row.baseOverHono.cpu)} | ${x(row.thisOverHono.throughput)}, ${x(row.thisOverHono.cpu)} | ${row.baseCpuUs.toFixed(1)}, ${row.thisCpuUs.toFixed(1)} |`,
    ),
  ].join("\n");
  console.log(`\n${report}\n`);
  if (options.json) await writeFile(options.json, `${JSON.stringify({ commit, options, loadAverage: [loadBefore, loadavg()[0]], rows, rounds }, null, 2)}\n`);
}

/**
 * A response's header lines as sent, in order, without Date. ETags are content hashes of the
 * bytes and may differ between revisions whose build hashes differently; they compare here too,
 * so a "no" with the same bytes may be only that (the report's row shows which).
 */
function headerLines(response: HttpResult): string[] {
  const lines: string[] = [];
  for (let i = 0; i < response.rawHeaders.length; i += 2) {
    if (response.rawHeaders[i]!.toLowerCase() !== "date") lines.push(`${response.rawHeaders[i]}: ${response.rawHeaders[i + 1]}`);
  }
  return lines;
}

/** Medians of per-round ratios, and the middle half of the CPU ratios (how far rounds disagree). */
function pairedRatios(subject: Measurement, reference: Measurement): { throughput: number; cpu: number; cpuQuartiles: [number, number] } {
  const pairs = subject.rounds.map((round, i) => [round, reference.rounds[i]!] as const);
  const cpu = pairs.map(([s, r]) => s.cpuUsPerRequest / r.cpuUsPerRequest).sort((a, b) => a - b);
  const quartile = (q: number) => cpu[Math.min(cpu.length - 1, Math.floor(q * cpu.length))]!;
  return { throughput: median(pairs.map(([s, r]) => s.rps / r.rps)), cpu: median(cpu), cpuQuartiles: [quartile(0.25), quartile(0.75)] };
}

/** The content both sides build: content/, or a synthetic corpus written once for both. */
async function contentFolder(work: string, articles: number | undefined): Promise<string> {
  if (articles === undefined) return join(ROOT, "content");
  const dir = join(work, "content");
  await writeSyntheticCorpus(join(ROOT, "content"), dir, articles);
  return dir;
}

/**
 * `revision`'s tree (git archive: committed files only) in `dir`, with this checkout's
 * node_modules when both lock the same packages, else its own `npm ci`.
 */
async function exportRevision(revision: string, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  execFileSync("sh", ["-c", `git archive ${revision} | tar -x -C "${dir}"`], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  const sameLock = (await readFile(join(dir, "package-lock.json"), "utf8")) === (await readFile(join(ROOT, "package-lock.json"), "utf8"));
  if (sameLock) await symlink(join(ROOT, "node_modules"), join(dir, "node_modules"));
  else execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
  return dir;
}

function x(value: number): string {
  return `${value.toFixed(2)}x`;
}

function log(message: string): void {
  console.log(`[bench:revisions] ${message}`);
}

process.on("exit", killAllSync);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    killAllSync();
    process.exit(130);
  });
}

const work = await mkdtemp(join(tmpdir(), "edgefeed-revisions-"));
try {
  await main(work, parseOptions(process.argv.slice(2)));
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await stopAll();
  await rm(work, { recursive: true, force: true });
}
