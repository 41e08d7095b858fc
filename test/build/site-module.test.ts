import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ContentError, loadCorpus } from "../../src/build/content.ts";
import { refusingImports, runBuild, temporaryDir, temporaryOutput, writeContentDir } from "../support/content-dir.ts";
import { articleFile, FIXTURE_SITE, frontMatter } from "../support/corpus.ts";

const SITE_MODULES = fileURLToPath(new URL("../../node_modules/.cache/edgefeed/site/", import.meta.url));

/** A content folder whose site.ts takes its title from settings.ts, which takes it from name.ts. */
function contentDir(title: string): string {
  const dir = writeContentDir([articleFile({ file: "articles/a.md", frontMatter: frontMatter(1), body: "Body text." })]);
  writeFileSync(join(dir, "site.ts"), `import { title } from "./settings.ts";\nexport default { ...${JSON.stringify(FIXTURE_SITE)}, title };\n`);
  writeFileSync(join(dir, "settings.ts"), `export { title } from "./name.ts";\n`);
  writeFileSync(join(dir, "name.ts"), `export const title: string = ${JSON.stringify(title)};\n`);
  return dir;
}

describe("content/site.ts", () => {
  it("may import other TypeScript files, and a change to any of them, however deep, is seen by the next build", async () => {
    const dir = contentDir("Fixture One");
    expect((await loadCorpus(dir)).site.title).toBe("Fixture One");
    expect((await loadCorpus(dir)).site.title).toBe("Fixture One");
    writeFileSync(join(dir, "name.ts"), `export const title: string = "Fixture Two";\n`);
    expect((await loadCorpus(dir)).site.title).toBe("Fixture Two");
    writeFileSync(join(dir, "settings.ts"), `export const title = "Fixture Six";\n`);
    expect((await loadCorpus(dir)).site.title).toBe("Fixture Six");
    writeFileSync(join(dir, "site.ts"), `export default { ...${JSON.stringify(FIXTURE_SITE)}, title: "Fixture Ten" };\n`);
    expect((await loadCorpus(dir)).site.title).toBe("Fixture Ten");
  });

  it("a syntax error is a content problem naming the line, in every build until it is fixed", async () => {
    const dir = contentDir("Fixture One");
    await loadCorpus(dir);
    writeFileSync(join(dir, "site.ts"), `import { title } from "./settings.ts";\nexport default { title, };;\n}\n`);
    for (let run = 0; run < 2; run++) {
      const error = await loadCorpus(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ContentError);
      expect((error as ContentError).problems).toEqual([{ file: "site.ts", message: expect.stringMatching(/\(line 3\): fix it there$/) }]);
    }
  });

  it("a compiled site.ts that cannot be read back is compiled again", async () => {
    const dir = contentDir("Fixture One");
    await loadCorpus(dir);
    const entry = join(SITE_MODULES, `${createHash("sha256").update(join(dir, "site.ts")).digest("hex").slice(0, 16)}.json`);
    for (const damaged of ["{ not json", JSON.stringify({ compiler: "other", inputs: [], code: "export default {}" }), "null"]) {
      writeFileSync(entry, damaged);
      expect((await loadCorpus(dir)).site.title).toBe("Fixture One");
    }
  });

  it("the build does not start esbuild while site.ts and the files it imports are unchanged", () => {
    const dir = contentDir("Fixture One");
    const output = temporaryOutput();
    const env = { EDGEFEED_CACHE_DIR: temporaryDir("edgefeed-build-cache-") };
    expect(runBuild(dir, output, env)).toMatchObject({ status: 0 });
    expect(runBuild(dir, output, { ...env, ...refusingImports("esbuild") })).toMatchObject({ status: 0 });
    writeFileSync(join(dir, "name.ts"), `export const title: string = "Fixture Two";\n`);
    expect(runBuild(dir, output, { ...env, ...refusingImports("esbuild") })).toMatchObject({ status: 1, stderr: expect.stringContaining("esbuild was loaded") });
    expect(runBuild(dir, output, env)).toMatchObject({ status: 0, stdout: expect.stringContaining("Built 1 article") });
  });
});
