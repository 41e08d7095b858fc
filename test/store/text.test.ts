import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DIGEST_BYTES, joinParts, JsonEscaped, Text, Texts } from "../../src/store/text.ts";

// Texts.cut (src/store/text.ts): how a document is cut into the texts other documents share.

const values = (parts: readonly (Text | JsonEscaped)[]) => parts.map((part) => part.value);

describe("Texts.cut", () => {
  it("always gives parts that join to the value, each shared text as itself", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "b", "<", "é", "한") }), fc.array(fc.string({ unit: fc.constantFrom("a", "b", "<", "é"), maxLength: 4 }), { maxLength: 6 }), (value, needles) => {
        const texts = new Texts();
        const shared = needles.map((needle) => Text.of(needle));
        const parts = texts.cut(value, shared);
        expect(joinParts(parts)).toBe(value);
        // A part is a shared text itself, or a text of the registry: never an empty one beside others.
        for (const part of parts) if (parts.length > 1) expect(part.value).not.toBe("");
        // Each shared text is cut once at most.
        for (const text of shared) expect(parts.filter((part) => part === text).length).toBeLessThanOrEqual(1);
        // A shared text left uncut occurs in no part that was not cut out: it was found wherever it was free.
        const rest = parts.filter((part) => !shared.includes(part as Text));
        for (const text of shared) if (text.value !== "" && !parts.includes(text)) for (const part of rest) expect(part.value).not.toContain(text.value);
      }),
      { numRuns: 2000 },
    );
  });

  it("cuts texts given in the order they appear, and one that appears before the last cut", () => {
    const texts = new Texts();
    const [head, teaser1, teaser2, foot] = ["<head>", "<li>one</li>", "<li>two</li>", "<footer>"].map((value) => Text.of(value));
    const value = "<head>\n<ol><li>one</li><li>two</li></ol>\n<footer>";
    // The markup first, then the teasers that appear between it: found by going back once.
    const parts = texts.cut(value, [head!, foot!, teaser1!, teaser2!]);
    expect(values(parts)).toEqual(["<head>", "\n<ol>", "<li>one</li>", "<li>two</li>", "</ol>\n", "<footer>"]);
    for (const text of [head, teaser1, teaser2, foot]) expect(parts).toContain(text);
  });

  it("cuts a text once, where no other cut overlaps it", () => {
    const texts = new Texts();
    const [abc, bcd] = ["abc", "bcd"].map((value) => Text.of(value));
    // "bcd" first occurs inside the cut "abc"; its next occurrence is free.
    expect(values(texts.cut("abcd bcd abc", [abc!, bcd!]))).toEqual(["abc", "d ", "bcd", " abc"]);
    expect(values(texts.cut("xyz", [abc!]))).toEqual(["xyz"]);
    expect(values(texts.cut("", [abc!]))).toEqual([""]);
  });

  it("cuts a JSON-escaped text where its escape appears, as the JSON Feed item is cut", () => {
    const texts = new Texts();
    const body = Text.of('<p class="x">"quoted"\n</p>');
    const escaped = new JsonEscaped(body);
    const item = JSON.stringify({ title: "t", content_html: body.value, summary: "s" });
    const parts = texts.cut(item, [escaped]);
    expect(joinParts(parts)).toBe(item);
    expect(parts).toContain(escaped);
    // The raw text does not occur in the JSON, only its escape.
    expect(values(texts.cut(item, [body]))).toEqual([item]);
  });

  it("gives the same text object for the same bytes", () => {
    const texts = new Texts();
    const encoding = new Texts({ encode: true });
    // Lone surrogates: distinct strings, the same bytes (U+FFFD's), one text.
    expect(encoding.of("a\uD800")).toBe(encoding.of("a\uDC00"));
    expect(texts.of("a\uD800")).toBe(texts.of("a\uDC00"));
    const body = Text.of("BODY");
    const [first, second] = [texts.cut("<p>BODY</p>", [body]), texts.cut("<p>BODY</p>", [body])];
    expect(first.map((part, i) => part === second[i])).toEqual([true, true, true]);
    expect(first[1]).toBe(body);
  });
});

describe("Text", () => {
  it("measures, hashes and writes a string as its UTF-8 bytes, lone surrogates included", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.constantFrom("a", "é", "한", "😀", "\uD800", "\uDC00", "\0"), fc.string()) }), fc.nat(), (value, seed) => {
        const bytes = Buffer.from(value, "utf8");
        const text = Text.of(value);
        const kept = Text.of(value);
        void kept.bytes; // made from its bytes
        // Encoded at once (an article's texts), then measured and hashed from the bytes.
        const encoded = Text.encoded(value);
        expect(encoded.value).toBe(value);
        expect(encoded.bytes.equals(bytes)).toBe(true);
        for (const measured of [text, kept, encoded]) {
          expect(measured.byteLength).toBe(bytes.length);
          expect(measured.digest.equals(Text.kept(bytes.length, { digests: createHash("sha256").update(bytes).digest(), bytes: () => bytes }, 0, 0).digest)).toBe(true);
          // The whole, and a piece of it (a text cut where a chunk ends).
          const from = bytes.length === 0 ? 0 : seed % bytes.length;
          for (const [start, end] of [[0, bytes.length], [from, bytes.length], [0, from]] as const) {
            const target = Buffer.alloc(end - start + 2, 0xee);
            measured.copyInto(target, 1, start, end);
            expect(target.subarray(1, -1).equals(bytes.subarray(start, end))).toBe(true);
            expect([target[0], target.at(-1)]).toEqual([0xee, 0xee]);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("reads a kept text's bytes, value and digest from its article's kept texts, at its place among them", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom("a", "é", "한", "😀", "<") }), { minLength: 1, maxLength: 6 }), (values) => {
        const all = values.map((value) => Buffer.from(value, "utf8"));
        let reads = 0;
        const kept = { digests: Buffer.concat(all.map((bytes) => createHash("sha256").update(bytes).digest())), bytes: () => (reads++, Buffer.concat(all)) };
        let from = 0;
        const texts = all.map((bytes, i) => {
          const text = Text.kept(bytes.length, kept, i, from);
          from += bytes.length;
          return text;
        });
        texts.forEach((text, i) => {
          const fresh = Text.of(values[i]!);
          const written = Buffer.alloc(DIGEST_BYTES + 2, 0xee);
          text.copyDigestInto(written, 1);
          expect(written.subarray(1, -1).equals(fresh.digest)).toBe(true);
          expect([written[0], written.at(-1)]).toEqual([0xee, 0xee]);
          expect(text.digest.equals(fresh.digest)).toBe(true);
          expect(text.byteLength).toBe(all[i]!.length);
        });
        // Measured and hashed without the bytes.
        expect(reads).toBe(0);
        texts.forEach((text, i) => {
          const target = Buffer.alloc(text.byteLength);
          text.copyInto(target, 0, 0, text.byteLength);
          expect(target.equals(all[i]!)).toBe(true);
          expect(text.value).toBe(values[i]);
        });
      }),
    );
  });
});
