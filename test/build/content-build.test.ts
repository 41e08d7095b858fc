import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { pathToFileURL } from "node:url";
import { articleFile, frontMatter } from "../support/corpus.ts";
import { runBuild, temporaryOutput, writeContentDir } from "../support/content-dir.ts";
import type { GeneratedModule } from "../support/stored-documents.ts";

const SPAWNS = 60_000; // each build is a Node process: seconds on a busy 2-core machine

describe("the content build (npm run content)", () => {
  it("writes byte-identical files, hence identical ETags, for the same content on differently set-up machines", async () => {
    const contentDir = writeContentDir([
      articleFile({ file: "articles/one.md", frontMatter: frontMatter(1, { published: "2024-03-31T23:30:00-05:00" }), body: "Café *one* 日本語." }),
      articleFile({ file: "articles/two.md", frontMatter: frontMatter(2, { updated: "2024-06-01T00:00:00Z" }), body: "Two." }),
    ]);
    const [first, second] = [temporaryOutput(), temporaryOutput()];

    const runs = [
      runBuild(contentDir, first, { TZ: "UTC", LANG: "C" }),
      runBuild(contentDir, second, { TZ: "Pacific/Kiritimati", LANG: "de_DE.UTF-8" }),
    ];

    for (const run of runs) expect(run.status, run.stderr).toBe(0);
    expect(runs[0]!.stdout).toMatch(/^Built 2 articles and \d+ documents for https:\/\/news\.example\.org$/m);
    const filesIn = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length)).sort();
    const files = filesIn(dirname(first));
    expect(filesIn(dirname(second))).toEqual(files);
    for (const file of files) {
      expect(readFileSync(join(dirname(first), file)).equals(readFileSync(join(dirname(second), file))), file).toBe(true);
    }
    const { DOCUMENTS } = (await import(pathToFileURL(first).href)) as GeneratedModule;
    expect(DOCUMENTS.filter(([, { etag }]) => /^"[\w-]{22}"$/.test(etag)).length).toBeGreaterThanOrEqual(6);
  }, SPAWNS);

  it("prints a warning naming the file for each body it repaired, and still builds", () => {
    const contentDir = writeContentDir([
      articleFile({ file: "articles/embed.md", frontMatter: frontMatter(1), body: '<iframe src="https://video.example/1"></iframe>' }),
      articleFile({ file: "articles/pasted.md", frontMatter: frontMatter(2), body: "Pasted\f text\u001B." }),
    ]);
    const run = runBuild(contentDir, temporaryOutput());
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/^Warning: articles\/embed\.md › body: came out empty .*the summary is published as the body/m);
    expect(run.stderr).toMatch(/^Warning: articles\/pasted\.md › body: removed characters that RSS and Atom cannot carry on line 9 \(U\+000C\)/m);
  }, SPAWNS);

  it("refuses a control character in a title, naming file, field, line and character", () => {
    const contentDir = writeContentDir([articleFile({ file: "articles/bs.md", frontMatter: frontMatter(1, { title: "Backspace\bin the title" }), body: "Body." })]);
    const run = runBuild(contentDir, temporaryOutput());
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("articles/bs.md › title: line 2 has U+0008 (an invisible control character), which RSS and Atom cannot carry");
  }, SPAWNS);

  it("on bad content exits 1, names every problem of every file, and leaves the previous output untouched", () => {
    const contentDir = writeContentDir([
      articleFile({ file: "articles/typo.md", frontMatter: frontMatter(1, { titel: "Typo" }), body: "Body." }),
      articleFile({ file: "articles/feb-30.md", frontMatter: frontMatter(2, { published: "2024-02-30T09:00:00Z" }), body: "Body." }),
      articleFile({ file: "articles/empty.md", frontMatter: frontMatter(3), body: "" }),
      articleFile({ file: "articles/fine.md", frontMatter: frontMatter(4), body: "A good article among bad ones." }),
    ]);
    const output = temporaryOutput();
    const previous = "// the previous build\n";
    writeFileSync(output, previous);

    const run = runBuild(contentDir, output);

    expect(run.status).toBe(1);
    expect(run.stderr).toContain("Content has 3 problems; nothing was written");
    expect(run.stderr).toMatch(/articles\/typo\.md › titel: .*did you mean title\?/);
    expect(run.stderr).toMatch(/articles\/feb-30\.md › published: "2024-02-30T09:00:00Z" is not a real date/);
    expect(run.stderr).toMatch(/articles\/empty\.md › body: has no body/);
    expect(run.stderr).not.toContain("fine.md");
    expect(run.stderr).not.toMatch(/\n\s+at /); // a list of problems, not a stack trace
    expect(readFileSync(output, "utf8")).toBe(previous);
    expect(readdirSync(dirname(output))).toEqual(["documents.ts"]);
  }, SPAWNS);

  it("counts one article in the singular", () => {
    const run = runBuild(writeContentDir([articleFile({ file: "articles/one.md", frontMatter: frontMatter(1), body: "One." })]), temporaryOutput());
    expect(run.stdout).toMatch(/^Built 1 article and \d+ documents for /m);
  }, SPAWNS);

  it("on bad content writes nothing where there was nothing", () => {
    const contentDir = writeContentDir([articleFile({ file: "articles/bad.md", frontMatter: frontMatter(1, { slug: "Bad Slug" }), body: "x" })]);
    const output = temporaryOutput();

    expect(runBuild(contentDir, output).status).toBe(1);
    expect(existsSync(output)).toBe(false);
    expect(readdirSync(dirname(output))).toEqual([]);
  }, SPAWNS);
});
