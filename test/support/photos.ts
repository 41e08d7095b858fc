import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import sharp from "sharp";

export interface PhotoSpec {
  width: number;
  height: number;
  format?: "jpeg" | "png" | "webp" | "avif";
  /** EXIF orientation (1-8) written into the file. */
  orientation?: number;
}

/**
 * Writes a picture generated here, so no binary fixture is committed: a gradient (so encoders have
 * something to compress and sizes differ by width), with GPS-free but identifying EXIF (camera
 * make) that the pipeline must strip.
 */
export async function writePhoto(file: string, { width, height, format = "jpeg", orientation }: PhotoSpec): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      pixels[i] = (x * 255) / width;
      pixels[i + 1] = (y * 255) / height;
      pixels[i + 2] = ((x + y) * 97) % 256;
    }
  }
  await sharp(pixels, { raw: { width, height, channels: 3 } })
    .withExif({ IFD0: { Make: "FixtureCam", Model: "Test 1" } })
    .withMetadata(orientation ? { orientation } : {})
    .toFormat(format)
    .toFile(file);
}
