import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const run = promisify(execFile);
const { nodeVersionProblem } = createRequire(import.meta.url)("../../scripts/preflight.cjs") as {
  nodeVersionProblem: (version: string) => string | null;
};

describe("the Node.js check that runs before npm start and npm test", () => {
  it.each(["18.20.4", "20.18.1", "16.0.0", "v12.22.12"])("tells a person on Node.js %s what to install", (version) => {
    expect(nodeVersionProblem(version)).toBe(
      `edgefeed needs Node.js 20.19 or newer, and this is Node.js ${version}. Install the current LTS from https://nodejs.org (or \`nvm install --lts\`), then run \`npm ci\` again.`,
    );
  });

  it.each(["20.19.0", "20.20.2", "22.0.0", "24.11.1", "100.0.0"])("lets Node.js %s through", (version) => {
    expect(nodeVersionProblem(version)).toBeNull();
  });

  it("is wired as npm's pre-script of start, test and test:browser, and passes on this Node.js", async () => {
    const { scripts } = createRequire(import.meta.url)("../../package.json") as { scripts: Record<string, string> };
    for (const name of ["prestart", "pretest", "pretest:browser"]) expect(scripts[name], name).toBe("node scripts/preflight.cjs");
    await expect(run(process.execPath, [join(ROOT, "scripts", "preflight.cjs")])).resolves.toMatchObject({ stderr: "" });
  });
});

describe("npm start on a port that is in use", () => {
  let blocker: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve())));

  it("stops at once with a sentence that names the port and another to use", async () => {
    blocker = createServer();
    const port = await new Promise<number>((resolve) => blocker!.listen(0, "127.0.0.1", () => resolve((blocker!.address() as { port: number }).port)));
    const start = run(join(ROOT, "node_modules", ".bin", "tsx"), [join(ROOT, "scripts", "start.ts")], { env: { ...process.env, PORT: String(port) } });
    await expect(start).rejects.toMatchObject({
      code: 1,
      stderr: `edgefeed: Port ${port} is in use. Stop whatever is using it, or choose another: PORT=8788 npm start\n`,
    });
  }, 60_000);
});
