import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createArticle } from "../../scripts/new-article.ts";
import { buildContent } from "../../src/build/build-content.ts";
import { FIXTURE_SITE } from "../support/corpus.ts";
import { writePhoto } from "../support/photos.ts";
import { runBuild, temporaryOutput, writeContentDir } from "../support/content-dir.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const REAL_URL = "https://edgefeed.fixture-desk.workers.dev";

/** `npm run deploy` on a content folder, with SITE_URL as given (unset when undefined). */
function deploy(contentDir: string, siteUrl?: string) {
  const env: Record<string, string | undefined> = { ...process.env, CONTENT_DIR: contentDir, SITE_URL: siteUrl };
  if (siteUrl === undefined) delete env["SITE_URL"];
  return spawnSync("npm", ["run", "deploy"], { cwd: ROOT, env, encoding: "utf8" });
}

/** `npm run deploy`'s own check (npm's predeploy), which passes on to wrangler when it succeeds. */
function deployCheck(contentDir: string, siteUrl: string) {
  return spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "deploy-check.ts")], {
    cwd: ROOT,
    env: { ...process.env, CONTENT_DIR: contentDir, SITE_URL: siteUrl },
    encoding: "utf8",
  });
}

function contentAt(url: string): string {
  const dir = writeContentDir([]);
  writeFileSync(join(dir, "site.ts"), `export default ${JSON.stringify({ ...FIXTURE_SITE, url })};\n`);
  return dir;
}

describe("npm run deploy with the example site URL", () => {
  it("refuses before wrangler bundles or contacts anything, saying how to set SITE_URL", async () => {
    const dir = contentAt("https://edgefeed.example");
    await createArticle({ contentDir: dir, title: "First", now: new Date("2026-11-28T09:00:00Z") });
    const run = deploy(dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("edgefeed: Not deploying: the site URL is https://edgefeed.example");
    expect(run.stderr).toContain("SITE_URL=https://edgefeed.<subdomain>.workers.dev npm run deploy");
    // npm prints each script's command line as it starts it: wrangler's never started.
    expect(run.stdout).toContain("> tsx scripts/deploy-check.ts");
    expect(run.stdout).not.toContain("> wrangler deploy");
  }, 60_000);
});

describe("npm run deploy with what npm run new left to replace", () => {
  it("is refused with each placeholder named, while a content build only warns", async () => {
    const dir = contentAt(REAL_URL);
    const file = await createArticle({ contentDir: dir, title: "First", now: new Date("2026-11-28T09:00:00Z") });
    const name = `articles/${file.split(/[\\/]/).at(-1)}`;

    const build = runBuild(dir, temporaryOutput());
    expect(build.status).toBe(0);
    expect(build.stderr).toContain(`Warning: ${name} › summary: is still the placeholder`);
    expect(build.stderr).toContain(`Warning: ${name} › body: still has the placeholder line`);

    const check = deployCheck(dir, REAL_URL);
    expect(check.status).toBe(1);
    expect(check.stderr).toContain(`${name} › summary: is still the placeholder`);
    expect(check.stderr).toContain(`${name} › body: still has the placeholder line`);
  }, 60_000);

  it("lets finished content with a real SITE_URL through to wrangler", () => {
    const dir = contentAt("https://edgefeed.example");
    writeFileSync(join(dir, "articles", "a.md"), "---\ntitle: A\nslug: a\npublished: 2026-11-28T09:00:00Z\nsummary: A real summary.\n---\n\nA real body.\n");
    const check = deployCheck(dir, REAL_URL);
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
  }, 60_000);
});

describe("npm run deploy with photos", () => {
  it("reads an article's local lead and body photos as the build does, and lets it through", async () => {
    const dir = contentAt("https://edgefeed.example");
    await writePhoto(join(dir, "articles", "photos", "lead.jpg"), { width: 640, height: 480 });
    await writePhoto(join(dir, "articles", "photos", "body.png"), { width: 320, height: 240, format: "png" });
    writeFileSync(
      join(dir, "articles", "a.md"),
      "---\ntitle: A\nslug: a\npublished: 2026-11-28T09:00:00Z\nsummary: A real summary.\nimage:\n  src: photos/lead.jpg\n  alt: A test photo\n---\n\nA real body.\n\n![A second photo](photos/body.png)\n",
    );
    expect(runBuild(dir, temporaryOutput()).status).toBe(0);
    const check = deployCheck(dir, REAL_URL);
    expect(check.stderr).toBe("");
    expect(check.status).toBe(0);
  }, 60_000);
});

describe("the build npm start and npm run content share", () => {
  it("returns npm run new's placeholders among its warnings, which both print", async () => {
    const dir = contentAt(REAL_URL);
    await createArticle({ contentDir: dir, title: "First", now: new Date("2026-11-28T09:00:00Z") });
    const { warnings } = await buildContent({ contentDir: dir, output: temporaryOutput(), generator: "test" });
    expect(warnings.map((w) => w.field)).toEqual(["summary", "body"]);
  }, 60_000);
});
