import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, ROOT, startDevServer, type DevServer } from "./dev-server.ts";

// The author's loop under `npm start` on a copy of content/: save, reload, see it; save a
// mistake, read what to fix, keep previewing the last good build.

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
  it("announces the URL once it answers, and keeps wrangler's banner and request lines off the console", async () => {
    // startDevServer returned when the URL was announced: it answers now, without a retry.
    expect((await page("/")).status).toBe(200);
    const output = server.output();
    expect(output).not.toMatch(/\[wrangler:info\]|Ready on|Reloading local server|\[custom build\]/);
  });

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

  it("builds 30 articles saved at once in at most two rebuilds, one line each", async () => {
    const mark = server.output().length;
    const copies = Array.from({ length: 30 }, (_, n) => `batch-${n}`);
    await Promise.all(copies.map((slug) => writeFile(join(contentDir, "articles", `${slug}.md`), original.replace(/^slug: .*$/m, `slug: ${slug}`))));
    await eventually("the last of the 30 articles", () => page(`/articles/${copies.at(-1)!}`), (r) => r.status === 200);
    await eventually("every one of them", async () => (await Promise.all(copies.map((slug) => page(`/articles/${slug}`)))).every((r) => r.status === 200), Boolean);
    const rebuilds = server.output().slice(mark).split("\n").filter((line) => line.includes("→ rebuilt"));
    expect(rebuilds.length).toBeGreaterThanOrEqual(1);
    expect(rebuilds.length).toBeLessThanOrEqual(2);
    // What changed, how many articles were rendered again and how many came from the cache, documents, time.
    expect(rebuilds.at(-1)).toMatch(/articles\/batch-\d+\.md.* → rebuilt [\d,]+ articles \([\d,]+ rendered, [\d,]+ from the cache\), [\d,]+ documents in \d+\.\d s$/);
    await Promise.all(copies.map((slug) => rm(join(contentDir, "articles", `${slug}.md`))));
    await eventually("the batch gone", () => page(`/articles/${copies[0]!}`), (r) => r.status === 404);
  });

  it("prints a content error with file, field and what to do, and keeps serving the last good build", async () => {
    const mark = server.output().length;
    await writeFile(articleFile, withTitle("titel: Typo in the field name"));
    const printed = await eventually(
      "the error",
      async () => server.output().slice(mark),
      (text) => text.includes("The server keeps serving the last good build"),
    );
    const file = articleFile.slice(contentDir.length + 1);
    // A misspelt required field is one problem, named where the author wrote it.
    expect(printed).toContain(`${file} › titel: is not a known field: did you mean title? Rename it`);
    expect(printed).not.toContain("title: is required");
    const { status, body } = await page("/");
    expect(status).toBe(200);
    expect(body).toContain("Edited while the server runs");
    expect(body).not.toContain("Typo in the field name");

    await writeFile(articleFile, withTitle("title: Fixed again"));
    await eventually("the fixed title on /", () => page("/"), ({ body: fixed }) => fixed.includes("Fixed again"));
  });
});
