import { mkdtemp, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MEDIA_DIR, writeMediaAssets } from "../../src/build/media-assets.ts";

describe("the static assets' folder (src/generated/assets)", () => {
  let dir: string | undefined;
  afterEach(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

  // npm start's server reloads the Worker whenever a file in this folder changes.
  it("is left untouched by a build that needs the same files, and _headers rewritten only when it differs", async () => {
    dir = await mkdtemp(join(tmpdir(), "edgefeed-assets-"));
    const photo = join(dir, "photo.jpg");
    await writeFile(photo, "jpeg bytes");
    const assets = join(dir, "assets");
    const files = new Map([["photo-480-0123456789ab.jpg", photo]]);
    await writeMediaAssets(assets, files);
    const headers = join(assets, "_headers");
    const copied = join(assets, MEDIA_DIR, "photo-480-0123456789ab.jpg");
    const past = new Date("2020-01-01T00:00:00Z");
    await utimes(headers, past, past);
    await utimes(copied, past, past);

    await writeMediaAssets(assets, files);
    expect((await stat(headers)).mtime).toEqual(past);
    expect((await stat(copied)).mtime).toEqual(past);

    const written = await readFile(headers, "utf8");
    await writeFile(headers, "edited by hand");
    await writeMediaAssets(assets, files);
    expect(await readFile(headers, "utf8")).toBe(written);
    expect(written).toContain("Cache-Control: public, max-age=31536000, immutable");
  });
});
