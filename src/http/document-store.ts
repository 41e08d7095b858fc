/**
 * A document's body as the build stored it (src/build/generate.ts): a list of ranges of the
 * corpus text (src/generated/corpus.txt), flat, two numbers each: `[from, to]` is the text from
 * offset `from` to `to` (UTF-16 code units) as is; `[-from - 1, to]` is the same text
 * JSON-escaped, as a JSON Feed carries the HTML of the page. So each text is stored once,
 * whatever the documents and encodings that repeat it.
 */
export function assembleBody(ranges: readonly number[], corpus: string): string {
  let text = "";
  for (let i = 0; i < ranges.length; i += 2) {
    const from = ranges[i]!;
    const to = ranges[i + 1]!;
    text += from >= 0 ? corpus.slice(from, to) : jsonEscape(corpus.slice(-from - 1, to));
  }
  return text;
}

/** `text` as it appears between the quotes of a JSON string (the build's JSON is JSON.stringify's). */
export function jsonEscape(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}
