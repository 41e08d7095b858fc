import type { PhotoSource } from "../model.ts";

/**
 * How wide a photo in an article is shown: the 42rem column less its padding, or the whole
 * screen below that (layout.ts), for the browser to pick a rendition before it lays out the page.
 */
export const COLUMN_SIZES = "(min-width: 42rem) 39.5rem, 100vw";

/** A `srcset` value: every rendition of one format with its width. */
export function srcset(source: PhotoSource): string {
  return source.renditions.map(({ url, width }) => `${url} ${width}w`).join(", ");
}
