import { copyFile, mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buildSite } from "./build.ts";
import { writeSyntheticCorpus } from "./corpus.ts";
import { measureHeap } from "./heap.ts";
import { compare, median, ratios, undecided, type CompareOptions, type Measurement } from "./measure.ts";
import { SERVING_BUDGETS, type ScaleFlatness, type ScaleResult, type StartupResult } from "./report.ts";
import { discoverRoutes, type Route } from "./routes.ts";
import { firstRequest } from "./startup.ts";
import { constantWorker, expectOk, rssBytes, startWorkerd, url, writeConfig, type HttpResult } from "./workerd.ts";

export interface ScaleOptions {
  root: string;
  seedContentDir: string;
  work: string;
  /** A folder holding the bundled constant Worker, constant.js. */
  benchWorkersDir: string;
  port: number;
  cpu: number | undefined;
  compare: Omit<CompareOptions, "pid" | "extend">;
  /** Rounds the side-by-side flatness run may grow to while its figure is undecided. */
  maxRounds: number;
  log: (message: string) => void;
}

/** What a corpus keeps for the side-by-side run: its Worker, and its feed's and article's exact answers. */
interface Served {
  articles: number;
  script: string;
  dataModules: Record<string, Uint8Array>;
  feed: { path: string; response: HttpResult };
  article: { path: string; response: HttpResult };
}

/**
 * For each corpus size: write a synthetic corpus, build it as deployed (timed), start it three
 * times (median start-up), and load its feed and one article page against constant baselines of
 * the same bytes, in one process whose resident memory is read before and after. The isolate's
 * heap, after start-up and after every document once, is read in a workerd of its own.
 */
export async function measureScale(sizes: readonly number[], options: ScaleOptions): Promise<{ corpora: ScaleResult[]; flatness: ScaleFlatness | undefined }> {
  const results: ScaleResult[] = [];
  const kept: Served[] = [];
  for (const count of sizes) {
    options.log(`scale: ${count} articles`);
    const dir = join(options.work, `scale-${count}`);
    try {
      const { result, served } = await measureCorpus(count, dir, options);
      results.push(result);
      // The smallest corpus and the 1,000, which the flatness budget compares.
      if (count === sizes[0] || count === FLAT_AT) kept.push(served);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const last = results.at(-1)!;
    options.log(
      `  ${count}: gzip ${(last.bundle.uploadGzipBytes / 1048576).toFixed(2)} MiB, start-up ${last.startupMs.toFixed(0)} ms, isolate heap ${last.heap.afterEveryDocument.totalMiB.toFixed(1)} MiB, ` +
        `feed ${last.feed.throughputRatio.toFixed(2)}x, article ${last.article.throughputRatio.toFixed(2)}x baseline`,
    );
  }
  const [smallest, large] = kept;
  if (!smallest || !large) return { corpora: results, flatness: undefined };
  options.log(`scale: ${large.articles} against ${smallest.articles} articles, side by side in one workerd`);
  return { corpora: results, flatness: await measureFlatness(smallest, large, options) };
}

/** The corpus size the flatness budget judges against the smallest. */
export const FLAT_AT = 1000;

/**
 * Whether serving slows with the corpus: the feed and the article page of the smallest corpus
 * and of `large`, each against a constant of its own bytes, all in one workerd and taking turns.
 * Measured apart, one corpus after the other, each ratio carried the noise of its own run, and
 * their quotient twice that (it read 0.47x to 0.96x over runs of the same code).
 */
async function measureFlatness(small: Served, large: Served, options: ScaleOptions): Promise<ScaleFlatness> {
  const { port, cpu } = options;
  const serveDir = join(options.work, "scale-flat");
  await mkdir(serveDir, { recursive: true });
  await copyFile(join(options.benchWorkersDir, "constant.js"), join(serveDir, "constant.js"));
  await writeFile(join(serveDir, "small.js"), small.script);
  await writeFile(join(serveDir, "large.js"), large.script);
  const workers = [
    { name: "small", port, module: "small.js", dataModules: small.dataModules },
    { name: "large", port: port + 1, module: "large.js", dataModules: large.dataModules },
    constantWorker("smallFeed", small.feed.response, port + 2),
    constantWorker("largeFeed", large.feed.response, port + 3),
    constantWorker("smallArticle", small.article.response, port + 4),
    constantWorker("largeArticle", large.article.response, port + 5),
  ];
  const server = await startWorkerd(await writeConfig(serveDir, workers), port, cpu);
  try {
    const measure = async (kind: "feed" | "article", baselinePort: number) => {
      const m = await compare(
        [
          { id: "small", url: url(port, small[kind].path), expectStatus: 200 },
          { id: "smallBaseline", url: url(baselinePort, "/"), expectStatus: 200 },
          { id: "large", url: url(port + 1, large[kind].path), expectStatus: 200 },
          { id: "largeBaseline", url: url(baselinePort + 1, "/"), expectStatus: 200 },
        ],
        {
          ...options.compare,
          pid: server.pid,
          extend: { maxRounds: options.maxRounds, undecided: (measured) => undecided(flatRounds(measured), SERVING_BUDGETS.scaleFlat) },
        },
      );
      return { perRound: flatRounds(m), small: ratios(m.get("small")!, m.get("smallBaseline")!).throughput, large: ratios(m.get("large")!, m.get("largeBaseline")!).throughput };
    };
    const feed = await measure("feed", port + 2);
    const article = await measure("article", port + 4);
    return {
      smallest: small.articles,
      articles: large.articles,
      feed: feed.perRound,
      article: article.perRound,
      overBaseline: { feed: { small: feed.small, large: feed.large }, article: { small: article.small, large: article.large } },
    };
  } finally {
    await server.stop();
  }
}

/** Per round: the large corpus's throughput over its baseline, over the small one's over its own. */
function flatRounds(m: Map<string, Measurement>): number[] {
  const [small, smallBaseline, large, largeBaseline] = ["small", "smallBaseline", "large", "largeBaseline"].map((id) => m.get(id)!.rounds);
  return large!.map((round, i) => round.rps / largeBaseline![i]!.rps / (small![i]!.rps / smallBaseline![i]!.rps));
}

async function measureCorpus(count: number, dir: string, options: ScaleOptions): Promise<{ result: ScaleResult; served: Served }> {
  const { port, cpu } = options;
  await writeSyntheticCorpus(options.seedContentDir, join(dir, "content"), count);
  const { script, dataModules, ...bundle } = await buildSite(options.root, dir, join(dir, "content"));
  const serveDir = join(dir, "serve");
  await mkdir(serveDir);
  await writeFile(join(serveDir, "site.js"), script);
  await copyFile(join(options.benchWorkersDir, "constant.js"), join(serveDir, "constant.js"));
  const { routes, allPaths } = await discoverRoutes(join(dir, "project"));
  const feed = routes.find((route) => route.name === "RSS")!;
  const article = routes.find((route) => route.name === "Article page")!;
  const siteOnly = await writeConfig(serveDir, [{ name: "site", port, module: "site.js", dataModules }]);
  const starts: StartupResult[] = [];
  for (let i = 0; i < 3; i++) starts.push(await firstRequest(siteOnly, feed, port, cpu));
  const [feedResponse, articleResponse] = await capture(siteOnly, [feed, article], port, cpu);
  const workers = [
    { name: "site", port, module: "site.js", dataModules },
    constantWorker("feedBaseline", feedResponse!, port + 1),
    constantWorker("articleBaseline", articleResponse!, port + 2),
  ];
  const heap = await measureHeap(siteOnly, { port, inspectorPort: port - 1, cpu, worker: "site", firstPath: feed.path, paths: allPaths });
  const server = await startWorkerd(await writeConfig(serveDir, workers), port, cpu);
  try {
    const rssAfterStartMiB = rssBytes(server.pid) / 1048576;
    const m = await compare(
      [
        { id: "feed", url: url(port, feed.path), expectStatus: 200 },
        { id: "feedBaseline", url: url(port + 1, "/"), expectStatus: 200 },
        { id: "article", url: url(port, article.path), expectStatus: 200 },
        { id: "articleBaseline", url: url(port + 2, "/"), expectStatus: 200 },
      ],
      { ...options.compare, pid: server.pid },
    );
    const route = (id: string) => {
      const r = ratios(m.get(id)!, m.get(`${id}Baseline`)!);
      return { rps: m.get(id)!.rps, cpuUsPerRequest: m.get(id)!.cpuUsPerRequest, throughputRatio: r.throughput, cpuRatio: r.cpu };
    };
    const result: ScaleResult = {
      articles: count,
      bundle,
      startupMs: median(starts.map((start) => start.startupMs)),
      rssAfterStartMiB,
      rssAfterLoadMiB: rssBytes(server.pid) / 1048576,
      feed: route("feed"),
      article: route("article"),
      heap,
    };
    const served: Served = {
      articles: count,
      script,
      dataModules,
      feed: { path: feed.path, response: feedResponse! },
      article: { path: article.path, response: articleResponse! },
    };
    return { result, served };
  } finally {
    await server.stop();
  }
}

async function capture(config: string, routes: Route[], port: number, cpu: number | undefined): Promise<HttpResult[]> {
  const server = await startWorkerd(config, port, cpu);
  try {
    const responses: HttpResult[] = [];
    for (const route of routes) responses.push(await expectOk(url(port, route.path)));
    return responses;
  } finally {
    await server.stop();
  }
}
