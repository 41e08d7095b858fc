/**
 * A document's body as the build stored it (src/build/generate.ts): a recipe of parts, each a
 * segment of the corpus text (src/generated/corpus.txt) or a short string written inline.
 * Segment `i` is the corpus text from `SEGMENT_STARTS[i]` to `SEGMENT_STARTS[i + 1]`; part `i`
 * stands for it as is, part `-(i + 1)` for it JSON-escaped (a JSON Feed carries the same HTML as
 * the page, escaped), so each long text is stored once whatever the documents that repeat it.
 */
export type BodyPart = number | string;

/** A document's body, assembled from its recipe. */
export function assembleBody(parts: readonly BodyPart[], segmentStarts: ArrayLike<number>, corpus: string): string {
  let text = "";
  for (const part of parts) {
    if (typeof part === "string") text += part;
    else if (part >= 0) text += corpus.slice(segmentStarts[part]!, segmentStarts[part + 1]!);
    else text += jsonEscape(corpus.slice(segmentStarts[-part - 1]!, segmentStarts[-part]!));
  }
  return text;
}

/** `text` as it appears between the quotes of a JSON string (the build's JSON is JSON.stringify's). */
export function jsonEscape(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}
