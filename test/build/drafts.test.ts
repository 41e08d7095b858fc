import { TEXT_FILE } from "../../src/store/encode.ts";
import { describe, expect, it } from "vitest";
import { articleFile, frontMatter } from "../support/corpus.ts";
import { runBuild, temporaryOutput, writeContentDir } from "../support/content-dir.ts";
import { readGeneratedFiles } from "../support/stored-documents.ts";

const DRAFT_TITLE = "Unannounced merger of Fixture Media and Example Corp";
const DRAFT_BODY = "Embargoed paragraph zebra-quokka-7391 that must not leak.";
const DRAFT_SLUG = "secret-merger";

describe("a draft", () => {
  it("appears nowhere in what the build writes: not its title, slug, summary, body or topic", async () => {
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
    const written = await readGeneratedFiles(output); // the module, its binary files and the feed manifest
    expect(written.size).toBeGreaterThanOrEqual(4);
    expect(written.get(TEXT_FILE)).toContain("Visible paragraph.");
    for (const [file, text] of written) {
      for (const secret of [DRAFT_TITLE, DRAFT_SLUG, "zebra-quokka-7391", "walrus-4417", "Unannounced", "5521"]) {
        expect(text, `${file} contains ${secret}`).not.toContain(secret);
      }
    }
    expect(run.stdout).not.toContain(DRAFT_SLUG);
  }, 60_000);
});
