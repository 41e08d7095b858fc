import { copyFile, mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buildSite } from "./build.ts";
import { writeSyntheticCorpus } from "./corpus.ts";
import { measureHeap } from "./heap.ts";
import { compare, median, ratios, type CompareOptions } from "./measure.ts";
import type { ScaleResult, StartupResult } from "./report.ts";
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
  compare: Omit<CompareOptions, "pid">;
  log: (message: string) => void;
}

/**
 * For each corpus size: write a synthetic corpus, build it as deployed (timed), start it three
 * times (median start-up), and load its feed and one article page against constant baselines of
 * the same bytes, in one process whose resident memory is read before and after. The isolate's
 * heap, after start-up and after every document once, is read in a workerd of its own.
 */
export async function measureScale(sizes: readonly number[], options: ScaleOptions): Promise<ScaleResult[]> {
  const results: ScaleResult[] = [];
  for (const count of sizes) {
    options.log(`scale: ${count} articles`);
    const dir = join(options.work, `scale-${count}`);
    try {
      results.push(await measureCorpus(count, dir, options));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const last = results.at(-1)!;
    options.log(
      `  ${count}: gzip ${(last.bundle.uploadGzipBytes / 1048576).toFixed(2)} MiB, start-up ${last.startupMs.toFixed(0)} ms, isolate heap ${last.heap.afterEveryDocument.totalMiB.toFixed(1)} MiB, ` +
        `feed ${last.feed.throughputRatio.toFixed(2)}x, article ${last.article.throughputRatio.toFixed(2)}x baseline`,
    );
  }
  return results;
}

async function measureCorpus(count: number, dir: string, options: ScaleOptions): Promise<ScaleResult> {
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
    return {
      articles: count,
      bundle,
      startupMs: median(starts.map((start) => start.startupMs)),
      rssAfterStartMiB,
      rssAfterLoadMiB: rssBytes(server.pid) / 1048576,
      feed: route("feed"),
      article: route("article"),
      heap,
    };
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
