import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";

const RUN = fileURLToPath(new URL("../../scripts/run.mjs", import.meta.url));
const BUNDLES = fileURLToPath(new URL("../../node_modules/.cache/edgefeed/bundles/", import.meta.url));
const run = async (entry: string, ...args: string[]) => (await promisify(execFile)(process.execPath, [RUN, entry, ...args])).stdout;

describe("scripts/run.mjs (how npm run content and npm start run TypeScript)", () => {
  let dir: string | undefined;
  afterEach(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

  it("runs an entry point in plain Node.js, with its arguments and each module's own import.meta.url", async () => {
    dir = await mkdtemp(join(tmpdir(), "edgefeed-run-"));
    await writeFile(join(dir, "where.ts"), "export const where: string = import.meta.url;\n");
    await writeFile(join(dir, "entry.ts"), 'import { where } from "./where.ts";\nconst args: string[] = process.argv.slice(2);\nconsole.log(JSON.stringify({ where, args }));\n');

    const printed = JSON.parse(await run(join(dir, "entry.ts"), "one", "two")) as { where: string; args: string[] };

    expect(printed).toEqual({ where: `file://${join(dir, "where.ts")}`, args: ["one", "two"] });
  }, 30_000);

  it("bundles again when a module the entry point imports changes", async () => {
    dir = await mkdtemp(join(tmpdir(), "edgefeed-run-"));
    const imported = join(dir, "value.ts");
    await writeFile(imported, "export const value = 1;\n");
    await writeFile(join(dir, "entry.ts"), 'import { value } from "./value.ts";\nconsole.log(value);\n');
    expect(await run(join(dir, "entry.ts"))).toBe("1\n");
    expect(await run(join(dir, "entry.ts"))).toBe("1\n");

    await writeFile(imported, "export const value = 2;\n");
    // The same size: only the modification time tells the change apart.
    await utimes(imported, new Date(), new Date(Date.now() + 5000));

    expect(await run(join(dir, "entry.ts"))).toBe("2\n");
  }, 30_000);

  /** The files run.mjs keeps in its bundle folder for `<dir>/entry.ts`, by what ends their names. */
  async function bundleFiles(dir: string): Promise<string[]> {
    const prefix = `_${basename(dir)}_entry-`;
    return (await readdir(BUNDLES)).filter((name) => name.includes(prefix)).map((name) => name.replace(/^.*_entry-[0-9a-f]+/, ""));
  }

  it("runs an entry point without top-level await as a strict script with a V8 code cache, and replaces a cache it cannot use", async () => {
    dir = await mkdtemp(join(tmpdir(), "edgefeed-run-"));
    await writeFile(
      join(dir, "entry.ts"),
      'async function separator(): Promise<string> { return (await import("node:path")).sep; }\nconst strict = (function (this: unknown) { return this; })() === undefined;\nseparator().then((sep) => console.log(JSON.stringify({ sep, strict })));\n',
    );
    const expected = `${JSON.stringify({ sep: "/", strict: true })}\n`;
    expect(await run(join(dir, "entry.ts"))).toBe(expected);
    expect((await bundleFiles(dir)).sort()).toEqual([".cjs", ".cjs.v8-cache", ".json"]);
    const cacheFile = join(BUNDLES, (await readdir(BUNDLES)).find((name) => name.includes(`_${basename(dir!)}_entry-`) && name.endsWith(".v8-cache"))!);
    const cache = await readFile(cacheFile);
    expect(await run(join(dir, "entry.ts"))).toBe(expected);
    expect((await readFile(cacheFile)).equals(cache)).toBe(true);

    for (const damaged of [Buffer.from("not a cache"), Buffer.concat([Buffer.alloc(32), cache.subarray(32)]), cache.subarray(0, 200)]) {
      await writeFile(cacheFile, damaged);
      expect(await run(join(dir, "entry.ts"))).toBe(expected);
      const replaced = await readFile(cacheFile);
      expect([replaced.subarray(0, 32).equals(cache.subarray(0, 32)), replaced.length > 200]).toEqual([true, true]);
    }
  }, 30_000);

  it("runs an entry point with top-level await as an ES module", async () => {
    dir = await mkdtemp(join(tmpdir(), "edgefeed-run-"));
    await writeFile(join(dir, "entry.ts"), 'const { sep } = await import("node:path");\nconsole.log(sep);\n');
    expect(await run(join(dir, "entry.ts"))).toBe("/\n");
    expect((await bundleFiles(dir)).sort()).toEqual([".json", ".mjs"]);
  }, 30_000);
});
