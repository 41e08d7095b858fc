import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, ROOT, startDevServer, type DevServer } from "./dev-server.ts";

// The author's loop under `npm start` (wrangler dev in npm start's environment) on a copy of
// content/: save, reload, see it; save a mistake, read what to fix, keep previewing the last good build.

let contentDir: string;
let server: DevServer;
let articleFile: string;
let original: string;

beforeAll(async () => {
  contentDir = await mkdtemp(join(tmpdir(), "edgefeed-authoring-"));
  await cp(join(ROOT, "content"), contentDir, { recursive: true });
  const [name] = (await readdir(join(contentDir, "articles"))).filter((n) => n.endsWith(".md"));
  articleFile = join(contentDir, "articles", name!);
  original = await readFile(articleFile, "utf8");
  server = await startDevServer(contentDir);
});

afterAll(async () => {
  await server?.stop();
  await rm(contentDir, { recursive: true, force: true });
});

const page = async (path: string) => {
  const response = await fetch(`${server.url}${path}`, { signal: AbortSignal.timeout(20_000) });
  return { status: response.status, body: await response.text() };
};

/** Sets the article's title line, leaving the rest of the file as it was. */
const withTitle = (line: string) => original.replace(/^title: .*$/m, line);

describe("npm start while an author writes", () => {
  it("shows a saved edit on the next request", async () => {
    await writeFile(articleFile, withTitle("title: Edited while the server runs"));
    await eventually("the edited title on /", () => page("/"), ({ body }) => body.includes("Edited while the server runs"));
  });

  it("serves an article made with npm run new", async () => {
    const tsx = join(ROOT, "node_modules", ".bin", "tsx");
    await promisify(execFile)(tsx, [join(ROOT, "scripts", "new-article.ts"), "Fresh from the newsroom"], { env: { ...process.env, CONTENT_DIR: contentDir } });
    const { status, body } = await eventually("the new article's page", () => page("/articles/fresh-from-the-newsroom"), (r) => r.status === 200);
    expect(status).toBe(200);
    expect(body).toContain("<h1>Fresh from the newsroom</h1>");
  });

  it("prints a content error with file, field and what to do, and keeps serving the last good build", async () => {
    const mark = server.output().length;
    await writeFile(articleFile, withTitle("titel: Typo in the field name"));
    const printed = await eventually(
      "the error and a reload after it",
      async () => server.output().slice(mark),
      (text) => /The server keeps serving the last good build[\s\S]*ready/.test(text),
    );
    const file = articleFile.slice(contentDir.length + 1);
    expect(printed).toContain(`${file} › title: is required: add a \`title:\` line`);
    expect(printed).toContain(`${file} › titel: is not a known field: did you mean title? Rename it`);
    const { status, body } = await page("/");
    expect(status).toBe(200);
    expect(body).toContain("Edited while the server runs");
    expect(body).not.toContain("Typo in the field name");

    await writeFile(articleFile, withTitle("title: Fixed again"));
    await eventually("the fixed title on /", () => page("/"), ({ body: fixed }) => fixed.includes("Fixed again"));
  });
});
