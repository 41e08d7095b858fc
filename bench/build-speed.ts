import { spawn, spawnSync } from "node:child_process";
import { cp, mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { writeSyntheticCorpus } from "./corpus.ts";
import { buildHugo, hugoVersion, writeHugoSite } from "./hugo.ts";
import { flushWrites, median } from "./measure.ts";
import { freePort } from "../test/support/ports.ts";

/** The authoring loop's figures (issue 14), each a median of interleaved runs. */
export interface BuildSpeedResult {
  articles: number;
  hugo: string;
  /** Cold builds (no cache), edgefeed and Hugo taking turns, in ms. */
  cold: { edgefeedMs: number; hugoMs: number }[];
  /** Median of the per-round ratios edgefeed / Hugo. */
  coldRatio: number;
  /** `npm run content` after one article's title changed, the cache warm, in ms. */
  warmMs: number[];
  /** `npm run content` of the seed content alone, no cache, in ms. */
  seedMs: number[];
  /** `npm start` at `articles` articles, no cache: from spawn to the first answer, and from a saved title to /feed.xml showing it. */
  start: { firstAnswerMs: number; saveToServedMs: number[] };
}

export interface BuildSpeedOptions {
  root: string;
  seedContentDir: string;
  work: string;
  articles: number;
  rounds: number;
  log: (message: string) => void;
}

/**
 * Measures what an author waits for, on a corpus of seed-shaped articles, against Hugo building
 * the same Markdown files into an equivalent site (bench/hugo.ts) in the same run. The machine is
 * shared: edgefeed and Hugo take turns and the ratio of each round counts, not the milliseconds.
 */
export async function measureBuildSpeed(options: BuildSpeedOptions): Promise<BuildSpeedResult> {
  const { root, work, articles, rounds, log } = options;
  const hugo = hugoVersion();
  const content = join(work, "build-corpus");
  await writeSyntheticCorpus(options.seedContentDir, content, articles);
  const hugoSite = join(work, "hugo-site");
  await writeHugoSite(content, hugoSite);
  const project = await projectCopy(root, join(work, "build-project"));
  const output = join(work, "build-output", "documents.ts");
  const caches = join(work, "build-caches");
  let cacheNumber = 0;
  const freshCache = () => join(caches, String(cacheNumber++));
  // The bundle of the build itself is made once per change of its sources, not per build.
  await contentBuild(project, options.seedContentDir, output, freshCache());

  log(`build: ${rounds} cold builds of ${articles} articles, edgefeed and Hugo ${hugo} taking turns`);
  const cold: BuildSpeedResult["cold"] = [];
  for (let round = 0; round < rounds; round++) {
    const edgefeedMs = await contentBuild(project, content, output, freshCache());
    const hugoMs = await buildHugo(hugoSite);
    cold.push({ edgefeedMs, hugoMs });
    log(`  round ${round + 1}: edgefeed ${seconds(edgefeedMs)}, Hugo ${seconds(hugoMs)}`);
  }

  log("build: one article changed, the cache warm");
  const warmCache = freshCache();
  await contentBuild(project, content, output, warmCache);
  const warmMs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    await retitle(join(content, "articles", `synthetic-${String(round * 7).padStart(5, "0")}.md`), `edited ${round}`);
    warmMs.push(await contentBuild(project, content, output, warmCache));
  }

  log("build: the seed content alone, no cache");
  const seedMs: number[] = [];
  for (let round = 0; round < rounds; round++) seedMs.push(await contentBuild(project, options.seedContentDir, output, freshCache()));

  log(`build: npm start at ${articles} articles`);
  const start = await measureStart(project, content, freshCache(), rounds);
  return { articles, hugo, cold, coldRatio: median(cold.map((c) => c.edgefeedMs / c.hugoMs)), warmMs, seedMs, start };
}

/**
 * A copy of the project to run the build and `npm start` in, so the checkout's src/generated/ is
 * never written; node_modules is shared (the bundles of scripts/run.mjs are named per project).
 */
async function projectCopy(root: string, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const entry of ["src", "scripts", "wrangler.toml", "package.json", "package-lock.json", "tsconfig.json"]) {
    await cp(join(root, entry), join(dir, entry), { recursive: true, filter: (from) => !from.includes("/src/generated") });
  }
  await symlink(join(root, "node_modules"), join(dir, "node_modules"));
  return dir;
}

/** One `npm run content` (what it runs, without npm's own start-up), in ms. */
async function contentBuild(project: string, contentDir: string, output: string, cacheDir: string): Promise<number> {
  const args = await npmScriptArguments(project, "content");
  flushWrites();
  const started = performance.now();
  const result = spawnSync(process.execPath, args, {
    cwd: project,
    env: { ...process.env, CONTENT_DIR: contentDir, OUTPUT: output, EDGEFEED_CACHE_DIR: cacheDir, SITE_URL: "" },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`the content build failed:\n${result.stderr}`);
  return ms;
}

/**
 * Node's arguments for one of package.json's scripts, which are all `node [flags] scripts/run.mjs
 * <entry>`: what npm would run, flags included, without npm's own start-up.
 */
async function npmScriptArguments(project: string, name: string): Promise<string[]> {
  const script: unknown = JSON.parse(await readFile(join(project, "package.json"), "utf8")).scripts?.[name];
  const [command, ...args] = typeof script === "string" ? script.split(" ") : [];
  if (command !== "node" || args.some((arg) => arg === "" || /["'$&|;]/.test(arg))) throw new Error(`package.json's "${name}" script is not a plain \`node ...\` command: ${String(script)}`);
  return args.map((arg) => (arg.startsWith("-") ? arg : join(project, arg)));
}

async function retitle(file: string, suffix: string): Promise<void> {
  const text = await readFile(file, "utf8");
  await writeFile(file, text.replace(/^title: "(.*)"$/m, (_, title: string) => `title: "${title} ${suffix}"`));
}

/**
 * `npm start` from a cold cache: the time to the first answer, then for each round the time from
 * saving a new title of the newest article to /feed.xml carrying it.
 */
async function measureStart(project: string, contentDir: string, cacheDir: string, rounds: number): Promise<BuildSpeedResult["start"]> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  flushWrites();
  const started = performance.now();
  const child = spawn(process.execPath, await npmScriptArguments(project, "start"), {
    cwd: project,
    env: { ...process.env, PORT: String(port), CONTENT_DIR: contentDir, EDGEFEED_CACHE_DIR: cacheDir, XDG_CONFIG_HOME: join(cacheDir, "config"), SITE_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  try {
    await until(async () => (await fetch(`${base}/`)).ok, () => output, 600_000);
    const firstAnswerMs = performance.now() - started;
    const newest = join(contentDir, "articles", (await newestArticle(contentDir)));
    const saveToServedMs: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const title = `saved ${round} ${Date.now()}`;
      const saved = performance.now();
      await retitle(newest, title);
      await until(async () => (await (await fetch(`${base}/feed.xml`)).text()).includes(title), () => output, 120_000);
      saveToServedMs.push(performance.now() - saved);
    }
    return { firstAnswerMs, saveToServedMs };
  } finally {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      // already gone
    }
    await new Promise((resolve) => (child.exitCode === null ? child.once("exit", resolve) : resolve(undefined)));
    await rm(join(project, "src", "generated"), { recursive: true, force: true });
  }
}

/** The synthetic corpus numbers its articles oldest first: the last file is the newest. */
async function newestArticle(contentDir: string): Promise<string> {
  return (await readdir(join(contentDir, "articles"))).filter((name) => name.endsWith(".md")).sort().at(-1)!;
}

async function until(probe: () => Promise<boolean>, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    try {
      if (await probe()) return;
    } catch {
      // not answering yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`npm start did not get there in ${timeoutMs / 1000} s:\n${output()}`);
}


function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
