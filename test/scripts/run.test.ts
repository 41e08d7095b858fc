import { execFile } from "node:child_process";
import { mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";

const RUN = fileURLToPath(new URL("../../scripts/run.mjs", import.meta.url));
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
});
