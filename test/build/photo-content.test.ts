import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCorpus, ContentError, type Problem, type SourceFile } from "../../src/build/content.ts";
import { developPhotos, type PhotoCatalog } from "../../src/build/photos.ts";
import type { Corpus } from "../../src/model.ts";
import { articleFile, FIXTURE_SITE, frontMatter } from "../support/corpus.ts";
import { writePhoto } from "../support/photos.ts";

/**
 * Front matter `image` and pictures in the body, against a content folder holding
 * articles/photos/harbour.jpg (1200×800), articles/photos/crane.png (300×200) and a file that is
 * not a picture.
 */
let catalog: PhotoCatalog;
const folder = mkdtempSync(join(tmpdir(), "edgefeed-photo-content-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

beforeAll(async () => {
  const contentDir = join(folder, "content");
  await writePhoto(join(contentDir, "articles", "photos", "harbour.jpg"), { width: 1200, height: 800 });
  await writePhoto(join(contentDir, "articles", "photos", "crane.png"), { width: 300, height: 200, format: "png" });
  writeFileSync(join(contentDir, "articles", "photos", "notes.txt"), "not a picture");
  ({ catalog } = await developPhotos(contentDir, { cacheDir: join(folder, "cache") }));
}, 60_000);

const file = (fm: Record<string, unknown>, body = "Body text."): SourceFile => articleFile({ file: "articles/a.md", frontMatter: fm, body });

function build(files: SourceFile[]): { corpus?: Corpus; problems: Problem[]; warnings: Problem[] } {
  const warnings: Problem[] = [];
  try {
    return { corpus: buildCorpus(FIXTURE_SITE, files, { photos: catalog, warn: (w) => warnings.push(w) }), problems: [], warnings };
  } catch (error) {
    if (error instanceof ContentError) return { problems: [...error.problems], warnings };
    throw error;
  }
}

const LEAD = { src: "photos/harbour.jpg", alt: "Cranes over the terminal", caption: "The terminal reopened.", credit: "Photo Desk" };

describe("a lead photo in the front matter", () => {
  it("resolves a path relative to the article's file to the developed photo, with its caption and credit", () => {
    const { corpus, problems } = build([file(frontMatter(1, { image: LEAD }))]);
    expect(problems).toEqual([]);
    const image = corpus!.articles[0]!.image!;
    expect(image).toMatchObject({ width: 1200, height: 800, type: "image/jpeg", alt: LEAD.alt, caption: LEAD.caption, credit: LEAD.credit });
    expect(image.url).toMatch(/^https:\/\/news\.example\.org\/media\/harbour-1200-[0-9a-f]{12}\.jpg$/);
    expect(image.sources.map((s) => s.type)).toEqual(["image/jpeg", "image/webp"]);
  });

  it('accepts alt: "" as a decorative picture on purpose', () => {
    const { corpus, problems } = build([file(frontMatter(1, { image: { src: "photos/harbour.jpg", alt: "" } }))]);
    expect(problems).toEqual([]);
    expect(corpus!.articles[0]!.image!.alt).toBe("");
  });

  it("takes a remote https picture as described, with its width and height", () => {
    const { corpus } = build([file(frontMatter(1, { image: { src: "https://img.example/a.jpg", alt: "A", width: 1600, height: 900 } }))]);
    expect(corpus!.articles[0]!.image).toMatchObject({ url: "https://img.example/a.jpg", width: 1600, height: 900, type: "image/jpeg", sources: [] });
  });

  it.each([
    ["a missing file", { src: "photos/nowhere.jpg", alt: "A" }, "image.src", /^"photos\/nowhere\.jpg" does not exist \(looked for content\/articles\/photos\/nowhere\.jpg\): check the name, or put the file there$/],
    ["a file that is not a picture", { src: "photos/notes.txt", alt: "A" }, "image.src", /^articles\/photos\/notes\.txt is not a picture the build can process: save it as JPEG, PNG, WebP or AVIF$/],
    ["no alt", { src: "photos/harbour.jpg" }, "image.alt", /^is missing: describe what the picture shows .* or give an empty one \(alt: "" in front matter, alt="" in HTML\) to mark it decorative on purpose$/],
    ["a remote picture without a width", { src: "https://img.example/a.jpg", alt: "A", height: 900 }, "image.width", /^is required for a remote picture \(https:\/\/img\.example\/a\.jpg\): .*give its width in pixels$/],
    ["a remote picture without a height", { src: "https://img.example/a.jpg", alt: "A", width: 900 }, "image.height", /give its height in pixels$/],
    ["a width on a local photo", { src: "photos/harbour.jpg", alt: "A", width: 10 }, "image.width", /^is read from the file for a local photo \(1200×800\): remove it$/],
    ["a path outside the content folder", { src: "../../secret.jpg", alt: "A" }, "image.src", /points outside the content folder/],
    ["a non-http URL", { src: "ftp://img.example/a.jpg", alt: "A", width: 1, height: 1 }, "image.src", /is not an http\(s\) URL/],
    ["a bare string", "photos/harbour.jpg", "image", /^must be fields such as `src: photos\/harbour\.jpg`/],
  ])("is an error naming the file and field for %s", (_, image, field, message) => {
    expect(build([file(frontMatter(1, { image }))]).problems).toEqual([{ file: "articles/a.md", field, message: expect.stringMatching(message) }]);
  });

  it("reports every photo problem of every file in one run, with the other problems", () => {
    const { problems } = build([
      file(frontMatter(1, { image: { src: "photos/nowhere.jpg" } })),
      articleFile({ file: "articles/b.md", frontMatter: frontMatter(2, { title: "", image: { src: "https://img.example/a.jpg", alt: "B" } }), body: "B." }),
    ]);
    expect(problems.map((p) => `${p.file} › ${p.field}`).sort()).toEqual(
      ["articles/a.md › image.alt", "articles/a.md › image.src", "articles/b.md › title"].sort(),
    );
  });
});

describe("pictures in the body", () => {
  it("resolves Markdown and raw <img> paths relative to the article's file, sized, with srcset and lazy loading", () => {
    const body = `Intro.

![A crane](photos/crane.png "The crane at work")

<figure><img src="photos/harbour.jpg" alt="The harbour"><figcaption>Harbour <span class="credit">Desk</span></figcaption></figure>`;
    const { corpus, problems } = build([file(frontMatter(1), body)]);
    expect(problems).toEqual([]);
    const article = corpus!.articles[0]!;
    expect(article.figures.map((f) => [f.alt, f.width, f.height])).toEqual([["A crane", 300, 200], ["The harbour", 1200, 800]]);
    const crane = article.figures[0]!;
    expect(article.html).toContain(
      `<figure><img src="${crane.url}" srcset="${crane.sources[0]!.renditions.map((r) => `${r.url} ${r.width}w`).join(", ")}" sizes="(min-width: 42rem) 39.5rem, 100vw" width="300" height="200" alt="A crane" loading="lazy" decoding="async"><figcaption>The crane at work</figcaption></figure>`,
    );
    expect(article.html).toMatch(/<figure><img src="https:\/\/news\.example\.org\/media\/harbour-1200-\w+\.jpg" srcset="[^"]+ 480w, [^"]+ 960w, [^"]+ 1200w" [^>]*width="1200" height="800" alt="The harbour"/);
  });

  it.each([
    ["a missing file", `![A](photos/nowhere.png)`, "body › photos/nowhere.png › src", /does not exist/],
    ["a raw <img> without alt", `<img src="photos/crane.png">`, "body › photos/crane.png › alt", /^is missing: describe what the picture shows/],
    ["a file that is not a picture", `<img src="photos/notes.txt" alt="N">`, "body › photos/notes.txt › src", /is not a picture the build can process/],
  ])("is an error naming the file and the picture for %s", (_, body, field, message) => {
    expect(build([file(frontMatter(1), body)]).problems).toEqual([{ file: "articles/a.md", field, message: expect.stringMatching(message) }]);
  });

  it("keeps a remote picture without a size, as before, with one warning naming what it lacks", () => {
    const { corpus, warnings } = build([file(frontMatter(1), `<img src="https://img.example/b.jpg">`)]);
    expect(corpus!.articles[0]!.html).toBe('<p><img src="https://img.example/b.jpg" loading="lazy" decoding="async" alt=""></p>');
    expect(warnings).toEqual([
      {
        file: "articles/a.md",
        field: "body › https://img.example/b.jpg",
        message: expect.stringMatching(/^is a remote picture without alt or width or height: it is published as written, .* write it as <img src="…" alt="…" width="…" height="…">$/),
      },
    ]);
    expect(corpus!.articles[0]!.figures).toEqual([]);
  });

  it("counts a remote picture with its size and alt as a figure of the article", () => {
    const { corpus, warnings } = build([file(frontMatter(1), `<img src="https://img.example/b.jpg" alt="B" width="640" height="480">`)]);
    expect(warnings).toEqual([]);
    expect(corpus!.articles[0]!.figures).toEqual([expect.objectContaining({ url: "https://img.example/b.jpg", width: 640, height: 480, alt: "B" })]);
  });
});
