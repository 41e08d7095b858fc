import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createArticle, localDateTime, slugFromTitle, UsageError } from "../../scripts/new-article.ts";
import { loadCorpus } from "../../src/build/content.ts";
import { FIXTURE_SITE } from "../support/corpus.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const NOW = new Date("2026-11-28T20:30:15Z"); // already the 29th in Seoul

let contentDir: string;
beforeEach(async () => {
  contentDir = await mkdtemp(join(tmpdir(), "edgefeed-new-"));
  await mkdir(join(contentDir, "articles"));
  const site = { ...FIXTURE_SITE, timeZone: "Asia/Seoul", defaultAuthor: "Desk of Ünïcode" };
  await writeFile(join(contentDir, "site.ts"), `export default ${JSON.stringify(site)};\n`);
});
afterEach(() => rm(contentDir, { recursive: true, force: true }));

describe("slugFromTitle", () => {
  it.each([
    ["Ambassador Xing suggests linking Moon-Xi initiatives", "ambassador-xing-suggests-linking-moon-xi-initiatives"],
    ["Crème brûlée à l'Élysée", "creme-brulee-a-l-elysee"],
    ["Straße & Ærø: Łódź, Þingvellir", "strasse-and-aero-lodz-thingvellir"],
    ["  --Hello,   World!--  ", "hello-world"],
    ["ＦＵＬＬ－ＷＩＤＴＨ ２０２６", "full-width-2026"],
    ["한국 뉴스", ""],
  ])("folds %j to %j", (title, slug) => {
    expect(slugFromTitle(title)).toBe(slug);
  });

  it("keeps a long title's slug under 81 characters, cut at a word", () => {
    const slug = slugFromTitle("word ".repeat(40));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug).toMatch(/^(word-)+word$/);
  });
});

describe("localDateTime", () => {
  it.each([
    ["Asia/Seoul", "2026-11-29T05:30:15+09:00"],
    ["UTC", "2026-11-28T20:30:15+00:00"],
    ["America/St_Johns", "2026-11-28T17:00:15-03:30"],
    ["Europe/Berlin", "2026-11-28T21:30:15+01:00"],
  ])("writes the instant in %s with its offset", (zone, expected) => {
    expect(localDateTime(NOW, zone)).toBe(expected);
    expect(new Date(expected).getTime()).toBe(NOW.getTime());
  });
});

describe("npm run new", () => {
  it("creates an article that builds as is: slug from the title, now in the site's zone, the default author", async () => {
    const file = await createArticle({ contentDir, title: "Crème brûlée: a “history”", now: NOW });
    expect(file).toBe(join(contentDir, "articles", "2026-11-29-creme-brulee-a-history.md"));
    const { articles } = await loadCorpus(contentDir);
    expect(articles).toHaveLength(1);
    expect(articles[0]).toMatchObject({
      slug: "creme-brulee-a-history",
      title: "Crème brûlée: a “history”",
      author: "Desk of Ünïcode",
      published: NOW,
    });
    expect(await readFile(file, "utf8")).toContain("published: 2026-11-29T05:30:15+09:00\n");
  });

  it("refuses to overwrite an existing file and leaves it untouched", async () => {
    const file = await createArticle({ contentDir, title: "Same title", now: NOW });
    await writeFile(file, "my edits");
    await expect(createArticle({ contentDir, title: "Same title", now: NOW })).rejects.toThrow(/already exists: it was left as it is/);
    expect(await readFile(file, "utf8")).toBe("my edits");
  });

  it("refuses a slug another article already uses, whatever its file name", async () => {
    await createArticle({ contentDir, title: "Budget vote", now: new Date("2025-01-01T00:00:00Z") });
    await expect(createArticle({ contentDir, title: "Budget vote", now: NOW })).rejects.toThrow(
      /"budget-vote" is already used by articles\/2025-01-01-budget-vote\.md/,
    );
    expect(await readdir(join(contentDir, "articles"))).toHaveLength(1);
  });

  it("asks for a slug when the title has nothing to make one from, and takes --slug", async () => {
    await expect(createArticle({ contentDir, title: "한국 뉴스", now: NOW })).rejects.toThrow(UsageError);
    await expect(createArticle({ contentDir, title: "한국 뉴스", now: NOW })).rejects.toThrow(/--slug my-first-article/);
    const file = await createArticle({ contentDir, title: "한국 뉴스", slug: "korea-news", now: NOW });
    expect((await loadCorpus(contentDir)).articles[0]?.title).toBe("한국 뉴스");
    expect(file).toMatch(/2026-11-29-korea-news\.md$/);
  });

  it("runs from the command line, and says how to call it when the title is missing", async () => {
    const run = (...args: string[]) =>
      promisify(execFile)(join(ROOT, "node_modules", ".bin", "tsx"), [join(ROOT, "scripts", "new-article.ts"), ...args], {
        env: { ...process.env, CONTENT_DIR: contentDir },
      });
    const { stdout } = await run("Hello", "from", "the", "shell");
    expect(stdout).toMatch(/^Created .*articles\/\d{4}-\d{2}-\d{2}-hello-from-the-shell\.md\n/);
    await expect(run()).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('Give the title: npm run new -- "Title of the article"') });
  }, 60_000);
});
