import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, onTestFinished } from "vitest";
import type { SourceFile } from "../../src/build/content.ts";
import { FIXTURE_SITE } from "./corpus.ts";

const BUILD = fileURLToPath(new URL("../../src/build/main.ts", import.meta.url));
const RUN = fileURLToPath(new URL("../../scripts/run.mjs", import.meta.url));

/** A content folder on disk as an author would have it: site.ts, icon.svg, articles/*.md. */
export function writeContentDir(articles: readonly SourceFile[]): string {
  const dir = temporaryDir("edgefeed-content-");
  mkdirSync(join(dir, "articles"));
  writeFileSync(join(dir, "site.ts"), `export default ${JSON.stringify(FIXTURE_SITE, null, 2)};\n`);
  writeFileSync(join(dir, "icon.svg"), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>\n');
  for (const article of articles) writeFileSync(join(dir, article.path), article.bytes);
  return dir;
}

export interface BuildRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real build (`npm run content`) on a content folder, writing the module to `output`;
 * killed after `timeout` ms if given (a test of something that would hang the build).
 */
export function runBuild(contentDir: string, output: string, env: Record<string, string> = {}, timeout?: number): BuildRun {
  const { status, stdout, stderr } = spawnSync(process.execPath, [RUN, BUILD], {
    env: { ...process.env, CONTENT_DIR: contentDir, OUTPUT: output, SITE_URL: "", ...env },
    encoding: "utf8",
    ...(timeout === undefined ? {} : { timeout }),
  });
  return { status, stdout, stderr };
}

/** Environment for runBuild under which importing any of `packages` fails, to tell that a build never loaded them. */
export function refusingImports(...packages: string[]): Record<string, string> {
  return { NODE_OPTIONS: `${process.env["NODE_OPTIONS"] ?? ""} --import=${REFUSE_IMPORTS}`.trim(), EDGEFEED_REFUSE_IMPORTS: packages.join(",") };
}
const REFUSE_IMPORTS = new URL("./refuse-imports.mjs", import.meta.url).href;

/** Where a build may write its module: a file in a fresh, empty folder. */
export function temporaryOutput(): string {
  return join(temporaryDir("edgefeed-out-"), "documents.ts");
}

/** A fresh folder, removed when the current test finishes. */
export function temporaryDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Every file under `dir` (a build's output folder), by its path relative to it, as bytes. */
export function filesUnder(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of readdirSync(dir, { recursive: true }) as string[]) if (statSync(join(dir, name)).isFile()) files.set(name, readFileSync(join(dir, name)));
  return files;
}

/**
 * Gives the builds this test file runs in its own process the build version scripts/run.mjs
 * would (EDGEFEED_BUILD_VERSION): without one the build keeps no cache.
 */
export function useBuildVersion(version: string): void {
  const before = process.env[BUILD_VERSION];
  beforeAll(() => {
    process.env[BUILD_VERSION] = version;
  });
  afterAll(() => {
    if (before === undefined) delete process.env[BUILD_VERSION];
    else process.env[BUILD_VERSION] = before;
  });
}
const BUILD_VERSION = "EDGEFEED_BUILD_VERSION";
