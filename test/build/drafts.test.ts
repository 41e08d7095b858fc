import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { articleFile, frontMatter } from "../support/corpus.ts";
import { runBuild, temporaryOutput, writeContentDir } from "../support/content-dir.ts";

const DRAFT_TITLE = "Unannounced merger of Fixture Media and Example Corp";
const DRAFT_BODY = "Embargoed paragraph zebra-quokka-7391 that must not leak.";
const DRAFT_SLUG = "secret-merger";

describe("a draft", () => {
  it("appears nowhere in what the build writes: not its title, slug, summary, body or topic", () => {
    const contentDir = writeContentDir([
      articleFile({ file: "articles/published.md", frontMatter: frontMatter(1, { title: "Published story" }), body: "Visible paragraph." }),
      articleFile({
        file: "articles/draft.md",
        frontMatter: frontMatter(2, { title: DRAFT_TITLE, slug: DRAFT_SLUG, summary: "Draft summary walrus-4417.", tags: ["Embargo-Topic-5521"], draft: true }),
        body: DRAFT_BODY,
      }),
    ]);
    const output = temporaryOutput();

    const run = runBuild(contentDir, output);

    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(join(dirname(output), "corpus.txt"), "utf8")).toContain("Visible paragraph.");
    const written = readdirSync(dirname(output)); // the module, its corpus text and the feed manifest
    expect(written.length).toBeGreaterThanOrEqual(3);
    for (const file of written) {
      const text = readFileSync(join(dirname(output), file), "utf8");
      for (const secret of [DRAFT_TITLE, DRAFT_SLUG, "zebra-quokka-7391", "walrus-4417", "Unannounced", "5521"]) {
        expect(text, `${file} contains ${secret}`).not.toContain(secret);
      }
    }
    expect(run.stdout).not.toContain(DRAFT_SLUG);
  }, 60_000);
});
