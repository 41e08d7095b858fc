// `node scripts/run.mjs <entry.ts> [args...]`: runs one of this project's TypeScript entry points
// (the content build, npm start) in plain Node.js. Loading the TypeScript through a transpiling
// loader at every run cost about a second before any work started; instead the entry point is
// bundled once with esbuild into node_modules/.cache/edgefeed/bundles/ and that bundle is run,
// until one of the files it was made from changes (size or modification time), when it is bundled
// again. A bundle that can be a CommonJS script (the content build) runs with a V8 code cache, so
// its 2 MB are not parsed and compiled again at every run either. Plain JavaScript, so it runs
// before anything is compiled.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Script } from "node:vm";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const BUNDLES = join(ROOT, "node_modules", ".cache", "edgefeed", "bundles");

/**
 * The path of an up-to-date bundle of `entry` (an absolute path), bundling it first if any of its
 * inputs changed since: `.cjs` when esbuild can make the entry point a CommonJS script (run with a
 * code cache, see runScript), `.mjs` when it cannot (an entry point with top-level await). Two
 * processes bundling at once both write whole files and rename them into place, so neither ever
 * imports half a bundle.
 */
export async function bundled(entry) {
  const name = bundleName(entry);
  const manifestFile = join(BUNDLES, `${name}.json`);
  const fresh = freshBundle(manifestFile);
  if (fresh) return join(BUNDLES, fresh);
  const { build } = await import("esbuild");
  mkdirSync(BUNDLES, { recursive: true });
  const options = {
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    target: "node20",
    write: false,
    metafile: true,
    // The metafile names inputs relative to this folder.
    absWorkingDir: ROOT,
    logLevel: "silent",
    // esbuild finds its own binary next to its package, and sharp loads libvips (a native addon)
    // from its own; neither can be bundled.
    external: ["esbuild", "sharp"],
    plugins: [sourceLocations],
  };
  const result =
    (await build({
      ...options,
      format: "cjs",
      outfile: join(BUNDLES, `${name}.cjs`),
      // A script has no module loader (runScript): import() of a package becomes require().
      supported: { "dynamic-import": false },
    }).then(
      // A warning is something CommonJS cannot express (import.meta in a package): then a module.
      (result) => (result.warnings.length === 0 ? result : undefined),
      () => undefined,
    )) ??
    (await build({
      ...options,
      format: "esm",
      outfile: join(BUNDLES, `${name}.mjs`),
      // CommonJS dependencies (sanitize-html, yaml...) call require() for Node's built-ins.
      banner: { js: 'import { createRequire as __edgefeedCreateRequire } from "node:module"; const require = __edgefeedCreateRequire(import.meta.url);' },
    }));
  const [output] = result.outputFiles;
  // The bundle of the other kind, if the entry point was one before, is not this entry point's any more.
  rmSync(output.path.endsWith(".cjs") ? join(BUNDLES, `${name}.mjs`) : join(BUNDLES, `${name}.cjs`), { force: true });
  const inputs = Object.keys(result.metafile.inputs).map((input) => resolve(ROOT, input));
  writeAtomically(output.path, output.contents);
  writeAtomically(
    manifestFile,
    JSON.stringify({ bundle: basename(output.path), inputs: inputs.map((file) => [file, ...stamp(file)]), hash: createHash("sha256").update(output.contents).digest("hex") }),
  );
  return output.path;
}

const ARTICLE_POOL = join(ROOT, "src", "build", "article-pool.ts");
const ARTICLE_WORKER = join(ROOT, "src", "build", "article-worker.ts");

/** The files the current bundle of `entry` was made from. */
function bundleInputs(entry) {
  return JSON.parse(readFileSync(join(BUNDLES, `${bundleName(entry)}.json`), "utf8")).inputs.map(([file]) => file);
}

/** The content hash of the current bundle of `entry`: it changes whenever any source of it changes. */
export function bundleHash(entry) {
  return JSON.parse(readFileSync(join(BUNDLES, `${bundleName(entry)}.json`), "utf8")).hash;
}

/**
 * The entry point's path in the project, and a digest of where it is: a copy of the project that
 * shares node_modules (the bench makes one) gets bundles of its own.
 */
function bundleName(entry) {
  const where = createHash("sha256").update(entry).digest("hex").slice(0, 8);
  return `${relative(ROOT, entry).replace(/[^\w.-]+/g, "_").replace(/\.ts$/, "")}-${where}`;
}

/** The bundle's file name, if its manifest says it was made from the files as they are now. */
function freshBundle(manifestFile) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
  } catch {
    return undefined;
  }
  if (typeof manifest.bundle !== "string" || !Array.isArray(manifest.inputs)) return undefined;
  const fresh = manifest.inputs.every(([file, size, mtime]) => {
    try {
      const [nowSize, nowMtime] = stamp(file);
      return nowSize === size && nowMtime === mtime;
    } catch {
      return false;
    }
  });
  return fresh ? manifest.bundle : undefined;
}

function stamp(file) {
  const { size, mtimeMs } = statSync(file);
  return [size, mtimeMs];
}

function writeAtomically(file, data) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, file);
}

/**
 * Runs a CommonJS bundle as Node.js runs a CommonJS module, with a V8 code cache beside it: the
 * code V8 compiled for it in an earlier run, its functions included (taken once the run is over),
 * so it is neither parsed nor compiled again (Node.js 20 has no code cache for modules of its own;
 * module.enableCompileCache came in 22.1). V8 checks that a cache fits its version and flags, but
 * of the source only its length, so the cache starts with the SHA-256 of the source it was made
 * for and is used only for that source. A cache that is missing, rejected or for another source
 * is written again when this run ends.
 */
function runScript(bundle) {
  const bytes = readFileSync(bundle);
  const digest = createHash("sha256").update(bytes).digest();
  const source = bytes.toString("utf8");
  const cacheFile = `${bundle}.v8-cache`;
  let cachedData;
  try {
    const cache = readFileSync(cacheFile);
    if (cache.subarray(0, digest.length).equals(digest)) cachedData = cache.subarray(digest.length);
  } catch {
    // No cache yet.
  }
  // The wrapper is Node's own for CommonJS; "use strict" because the bundled code was written as
  // ES modules, which are strict.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) { "use strict"; ${source}\n})`, { filename: bundle, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once("exit", () => {
      try {
        writeAtomically(cacheFile, Buffer.concat([digest, script.createCachedData()]));
      } catch {
        // A cache that cannot be written only costs the next run its compile time.
      }
    });
  }
  // import() is out of reach of a script: the build asks for this one by name (src/build/content.ts).
  globalThis[Symbol.for("edgefeed.import")] = (url) => import(url);
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
}

/**
 * Each project module keeps its own `import.meta.url` inside the bundle (the build names itself in
 * the generated header and finds the project from it), not the bundle's.
 */
const sourceLocations = {
  name: "source-locations",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes(`${join("node_modules", "")}`)) return undefined;
      const source = readFileSync(args.path, "utf8");
      return { contents: source.replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href)), loader: "ts" };
    });
  },
};

// Last, so that everything above is initialised when the entry point runs.
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [entryArgument, ...rest] = process.argv.slice(2);
  if (!entryArgument) {
    console.error("usage: node scripts/run.mjs <entry.ts> [args...]");
    process.exit(2);
  }
  process.argv = [process.argv[0], resolve(entryArgument), ...rest];
  const bundle = await bundled(resolve(entryArgument));
  // What the build's cache is keyed by, among other inputs: a bundle made from other sources is another build (src/build/build-cache.ts).
  process.env.EDGEFEED_BUILD_VERSION = bundleHash(resolve(entryArgument));
  // The build's worker threads run a bundle of their own (src/build/article-pool.ts).
  if (bundleInputs(resolve(entryArgument)).includes(ARTICLE_POOL)) process.env.EDGEFEED_ARTICLE_WORKER = await bundled(ARTICLE_WORKER);
  if (bundle.endsWith(".cjs")) runScript(bundle);
  else await import(pathToFileURL(bundle).href);
}
