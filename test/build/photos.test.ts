import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { developPhotos, type DevelopedPhoto, type PhotoEntry } from "../../src/build/photos.ts";
import { refusingImports, runBuild, temporaryDir as temporaryFolder, temporaryOutput, writeContentDir } from "../support/content-dir.ts";
import { articleFile, frontMatter } from "../support/corpus.ts";
import { writePhoto, type PhotoSpec } from "../support/photos.ts";

const PHOTOS = 60_000; // encoding is seconds of CPU on a busy 2-core machine

/** Develops one generated picture at `articles/photos/<name>` and returns its catalog entry. */
async function developed(name: string, spec: PhotoSpec): Promise<{ entry: PhotoEntry; contentDir: string; cacheDir: string }> {
  const contentDir = temporaryFolder("edgefeed-photos-");
  const cacheDir = temporaryFolder("edgefeed-photo-cache-");
  await writePhoto(join(contentDir, "articles", "photos", name), spec);
  const { catalog } = await developPhotos(contentDir, { cacheDir });
  return { entry: catalog.get(`articles/photos/${name}`)!, contentDir, cacheDir };
}

function expectDeveloped(entry: PhotoEntry): DevelopedPhoto {
  if ("problem" in entry) throw new Error(entry.problem);
  return entry;
}

describe("the photo pipeline", () => {
  it(
    "reads the dimensions from the file and encodes 480, 960 and 1600 wide, in the source format and WebP",
    async () => {
      const photo = expectDeveloped((await developed("wide.jpg", { width: 2000, height: 1000 })).entry);
      expect([photo.width, photo.height]).toEqual([2000, 1000]);
      expect(photo.formats.map((f) => [f.type, f.renditions.map((r) => [r.width, r.height])])).toEqual([
        ["image/jpeg", [[480, 240], [960, 480], [1600, 800]]],
        ["image/webp", [[480, 240], [960, 480], [1600, 800]]],
      ]);
      for (const { type, renditions } of photo.formats) {
        for (const { name, width, height, byteLength } of renditions) {
          const bytes = readFileSync(join(photo.dir, name));
          const meta = await sharp(bytes).metadata();
          expect([`image/${meta.format}`, meta.width, meta.height, bytes.length]).toEqual([type, width, height, byteLength]);
        }
      }
    },
    PHOTOS,
  );

  it(
    "never enlarges: a photo narrower than a width is encoded at its own width instead, once",
    async () => {
      const photo = expectDeveloped((await developed("narrow.png", { width: 700, height: 350, format: "png" })).entry);
      expect(photo.formats.map((f) => [f.type, f.renditions.map((r) => r.width)])).toEqual([
        ["image/png", [480, 700]],
        ["image/webp", [480, 700]],
      ]);
      const tiny = expectDeveloped((await developed("tiny.webp", { width: 200, height: 100, format: "webp" })).entry);
      expect(tiny.formats.map((f) => [f.type, f.renditions.map((r) => r.width)])).toEqual([["image/webp", [200]]]);
    },
    PHOTOS,
  );

  it(
    "turns the picture upright by its EXIF orientation and strips every piece of metadata",
    async () => {
      // Stored 600×300 with orientation 6 (turn 90° clockwise to view): upright it is 300×600.
      const photo = expectDeveloped((await developed("turned.jpg", { width: 600, height: 300, orientation: 6 })).entry);
      expect([photo.width, photo.height]).toEqual([300, 600]);
      const largest = photo.formats[0]!.renditions.at(-1)!;
      expect([largest.width, largest.height]).toEqual([300, 600]);
      for (const { renditions } of photo.formats) {
        for (const { name } of renditions) {
          const meta = await sharp(join(photo.dir, name)).metadata();
          expect({ exif: meta.exif, orientation: meta.orientation, icc: meta.icc, xmp: meta.xmp }).toEqual({
            exif: undefined,
            orientation: undefined,
            icc: undefined,
            xmp: undefined,
          });
          expect(readFileSync(join(photo.dir, name)).includes("FixtureCam")).toBe(false);
        }
      }
    },
    PHOTOS,
  );

  it(
    "names each file by a hash of its own bytes, after the source's name",
    async () => {
      const photo = expectDeveloped((await developed("Harbour at Dawn.JPG", { width: 500, height: 300 })).entry);
      for (const { renditions } of photo.formats) {
        for (const { name, width } of renditions) {
          const hash = createHash("sha256").update(readFileSync(join(photo.dir, name))).digest("hex").slice(0, 12);
          expect(name).toMatch(new RegExp(`^harbour-at-dawn-${width}-${hash}\\.(jpg|webp)$`));
        }
      }
    },
    PHOTOS,
  );

  it(
    "never encodes an unchanged photo twice: a second build takes every rendition from the cache",
    async () => {
      const { entry, contentDir, cacheDir } = await developed("cached.jpg", { width: 1000, height: 500 });
      const first = expectDeveloped(entry);
      // Mark every cached file: were the photo encoded again, the marks would be overwritten.
      for (const { renditions } of first.formats) for (const { name } of renditions) writeFileSync(join(first.dir, name), `mark ${name}`);
      const again = expectDeveloped((await developPhotos(contentDir, { cacheDir })).catalog.get("articles/photos/cached.jpg")!);
      expect(again).toEqual(first);
      for (const { renditions } of again.formats) for (const { name } of renditions) expect(readFileSync(join(again.dir, name), "utf8")).toBe(`mark ${name}`);
      // A cache folder missing a file is encoded again rather than trusted.
      const removed = first.formats[1]!.renditions[0]!.name;
      rmSync(join(first.dir, removed));
      await developPhotos(contentDir, { cacheDir });
      expect(readFileSync(join(first.dir, removed)).subarray(0, 4).toString("latin1")).toBe("RIFF");
      // A changed photo is a new cache entry.
      await writePhoto(join(contentDir, "articles", "photos", "cached.jpg"), { width: 1000, height: 501 });
      const changed = expectDeveloped((await developPhotos(contentDir, { cacheDir })).catalog.get("articles/photos/cached.jpg")!);
      expect(changed.dir).not.toBe(first.dir);
      expect(changed.height).toBe(501);
    },
    PHOTOS,
  );

  it("reports, per file, a picture it cannot read and a format it does not process", async () => {
    const contentDir = temporaryFolder("edgefeed-photos-");
    const cacheDir = temporaryFolder("edgefeed-photo-cache-");
    await writePhoto(join(contentDir, "articles", "good.jpg"), { width: 40, height: 30 });
    writeFileSync(join(contentDir, "articles", "broken.jpg"), "this is text, not a JPEG");
    const truncated = readFileSync(join(contentDir, "articles", "good.jpg")).subarray(0, 300);
    writeFileSync(join(contentDir, "articles", "truncated.jpg"), truncated);
    await sharp({ create: { width: 4, height: 4, channels: 3, background: "red" } }).gif().toFile(join(contentDir, "articles", "anim.gif"));
    await sharp({ create: { width: 4, height: 4, channels: 3, background: "red" } }).tiff().toFile(join(contentDir, "articles", "scan.png"));
    const { catalog } = await developPhotos(contentDir, { cacheDir });
    expect("problem" in catalog.get("articles/good.jpg")!).toBe(false);
    expect(catalog.get("articles/broken.jpg")).toEqual({ problem: expect.stringMatching(/^articles\/broken\.jpg cannot be read as a picture \(.+\): export it again as JPEG, PNG, WebP or AVIF$/) });
    expect(catalog.get("articles/truncated.jpg")).toEqual({ problem: expect.stringMatching(/^articles\/truncated\.jpg cannot be (read as a picture|decoded) \(.+\)/) });
    expect(catalog.get("articles/anim.gif")).toEqual({ problem: "articles/anim.gif is not a picture the build can process: save it as JPEG, PNG, WebP or AVIF" });
    expect(catalog.get("articles/scan.png")).toEqual({ problem: expect.stringMatching(/^articles\/scan\.png is tiff data, not a picture the build can process/) });
  }, PHOTOS);

  it("warns about a source file over the size limit, and still develops it", async () => {
    const contentDir = temporaryFolder("edgefeed-photos-");
    await writePhoto(join(contentDir, "big.png"), { width: 300, height: 200, format: "png" });
    const size = readFileSync(join(contentDir, "big.png")).length;
    const under = await developPhotos(contentDir, { cacheDir: temporaryFolder("edgefeed-photo-cache-"), largeFileBytes: size });
    expect(under.warnings).toEqual([]);
    const over = await developPhotos(contentDir, { cacheDir: temporaryFolder("edgefeed-photo-cache-"), largeFileBytes: size - 1 });
    expect(over.warnings).toEqual([{ file: "big.png", message: expect.stringMatching(/^is 0\.\d MB: .* export it at about 3200 pixels wide$/) }]);
    expect("problem" in over.catalog.get("big.png")!).toBe(false);
  }, PHOTOS);

  it("the build loads sharp only to decode a photo: not for content without pictures, nor for pictures all in the cache", async () => {
    const contentDir = writeContentDir([articleFile({ file: "articles/a.md", frontMatter: frontMatter(1), body: "Body text." })]);
    const env = { PHOTO_CACHE_DIR: temporaryFolder("edgefeed-photo-cache-"), EDGEFEED_CACHE_DIR: temporaryFolder("edgefeed-build-cache-") };
    const refusingSharp = { ...env, ...refusingImports("sharp") };
    const output = temporaryOutput();
    expect(runBuild(contentDir, output, refusingSharp)).toMatchObject({ status: 0 });
    await writePhoto(join(contentDir, "articles", "photos", "harbour.jpg"), { width: 40, height: 30 });
    expect(runBuild(contentDir, output, refusingSharp)).toMatchObject({ status: 1, stderr: expect.stringContaining("sharp was loaded") });
    expect(runBuild(contentDir, output, env)).toMatchObject({ status: 0 });
    expect(runBuild(contentDir, output, refusingSharp)).toMatchObject({ status: 0 });
  }, PHOTOS);

  it("catalogues every file of the content folder by its path with / separators, and none that is hidden or inside a hidden folder", async () => {
    const contentDir = temporaryFolder("edgefeed-photos-");
    const files = ["site.ts", "articles/a.md", "articles/deep/er/b.md", ".hidden.jpg", "articles/.draft.md", ".git/objects/c.jpg", "articles/.cache/d.png", "articles/x.y/e.txt"];
    for (const file of files) {
      mkdirSync(join(contentDir, dirname(file)), { recursive: true });
      writeFileSync(join(contentDir, file), "not a picture");
    }
    const { catalog } = await developPhotos(contentDir, { cacheDir: temporaryFolder("edgefeed-photo-cache-") });
    expect([...catalog.keys()].sort()).toEqual(["articles/a.md", "articles/deep/er/b.md", "articles/x.y/e.txt", "site.ts"]);
  });
});
