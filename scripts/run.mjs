// `node scripts/run.mjs <entry.ts> [args...]`: runs one of this project's TypeScript entry points
// (the content build, npm start) in plain Node.js. Loading the TypeScript through a transpiling
// loader at every run cost about a second before any work started; instead the entry point is
// bundled once with esbuild into node_modules/.cache/edgefeed/bundles/ and that bundle is
// imported, until one of the files it was made from changes (size or modification time), when it
// is bundled again. Plain JavaScript, so it runs before anything is compiled.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const BUNDLES = join(ROOT, "node_modules", ".cache", "edgefeed", "bundles");

/**
 * The path of an up-to-date bundle of `entry` (an absolute path), bundling it first if any of its
 * inputs changed since. Two processes bundling at once both write whole files and rename them
 * into place, so neither ever imports half a bundle.
 */
export async function bundled(entry) {
  const name = bundleName(entry);
  const bundle = join(BUNDLES, `${name}.mjs`);
  const manifestFile = join(BUNDLES, `${name}.json`);
  if (isFresh(manifestFile)) return bundle;
  const { build } = await import("esbuild");
  mkdirSync(BUNDLES, { recursive: true });
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    outfile: bundle,
    metafile: true,
    // The metafile names inputs relative to this folder.
    absWorkingDir: ROOT,
    sourcemap: "external",
    logLevel: "silent",
    // esbuild finds its own binary next to its package, and sharp loads libvips (a native addon)
    // from its own; neither can be bundled.
    external: ["esbuild", "sharp"],
    // CommonJS dependencies (sanitize-html, yaml...) call require() for Node's built-ins.
    banner: { js: 'import { createRequire as __edgefeedCreateRequire } from "node:module"; const require = __edgefeedCreateRequire(import.meta.url);' },
    plugins: [sourceLocations],
  });
  const code = result.outputFiles.find((file) => file.path.endsWith(".mjs")).contents;
  const inputs = Object.keys(result.metafile.inputs).map((input) => resolve(ROOT, input));
  writeAtomically(bundle, code);
  writeAtomically(manifestFile, JSON.stringify({ inputs: inputs.map((file) => [file, ...stamp(file)]), hash: createHash("sha256").update(code).digest("hex") }));
  return bundle;
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

function isFresh(manifestFile) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
  } catch {
    return false;
  }
  return manifest.inputs.every(([file, size, mtime]) => {
    try {
      const [nowSize, nowMtime] = stamp(file);
      return nowSize === size && nowMtime === mtime;
    } catch {
      return false;
    }
  });
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
  await import(pathToFileURL(bundle).href);
}
