import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { FIXTURE_SITE } from "../support/corpus.ts";
import { freePort } from "../support/ports.ts";

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
    const start = run(process.execPath, [join(ROOT, "scripts", "run.mjs"), join(ROOT, "scripts", "start.ts")], { env: { ...process.env, PORT: String(port) } });
    await expect(start).rejects.toMatchObject({
      code: 1,
      stderr: `edgefeed: Port ${port} is in use. Stop whatever is using it, or choose another: PORT=8788 npm start\n`,
    });
  }, 60_000);
});

describe("npm start with content that does not build", () => {
  it("prints every problem and stops, since there is no good build to serve yet", async () => {
    const contentDir = await mkdtemp(join(tmpdir(), "edgefeed-start-"));
    try {
      await mkdir(join(contentDir, "articles"));
      await writeFile(join(contentDir, "site.ts"), `export default ${JSON.stringify(FIXTURE_SITE)};\n`);
      await writeFile(join(contentDir, "articles", "typo.md"), "---\ntitel: Hello\nslug: hello\npublished: 2026-11-28T09:00:00+09:00\nsummary: S.\n---\n\nBody.\n");
      const start = run(process.execPath, [join(ROOT, "scripts", "run.mjs"), join(ROOT, "scripts", "start.ts")], {
        env: { ...process.env, PORT: String(await freePort()), CONTENT_DIR: contentDir },
      });
      const failure = (await start.then(
        () => undefined,
        (error: unknown) => error,
      )) as { code: number; stderr: string } | undefined;
      expect(failure?.code).toBe(1);
      expect(failure?.stderr).not.toContain("title: is required");
      expect(failure?.stderr).toContain("articles/typo.md › titel: is not a known field: did you mean title? Rename it");
      expect(failure?.stderr).toMatch(/edgefeed: Fix the content problems above, then run npm start again\.\n$/);
    } finally {
      await rm(contentDir, { recursive: true, force: true });
    }
  }, 60_000);
});
