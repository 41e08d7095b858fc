import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeDocuments, groupChunks, layOutText } from "../../src/store/encode.ts";
import type { RenderedDocument } from "../../src/store/document.ts";
import { joinParts, JsonEscaped, Texts, type Part, type Text } from "../../src/store/text.ts";
import { inflatedText, loadDocuments, type GeneratedModule } from "../support/stored-documents.ts";

let dir: string;
let written = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "edgefeed-generate-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * Writes the module and binary files for `resources`, imports the module, reads the binary files
 * back from disk, and returns every document with its body assembled as the Worker assembles it,
 * and the uncompressed shared text. A small `chunkSize` makes ranges cross chunk boundaries.
 */
async function roundTrip(
  resources: Map<string, RenderedDocument>,
  chunkSize?: number,
  groups?: Text[][],
): Promise<{ source: string; corpus: string; ranges: number[]; loaded: ReadonlyMap<string, RenderedDocument> }> {
  const files = encodeDocuments(resources, "test/build/generate.test.ts", { ...(chunkSize ? { chunkSize } : {}), ...(groups ? { groups } : {}) });
  const n = written++;
  const file = join(dir, `resources-${n}.ts`);
  await writeFile(file, files.module);
  await writeFile(join(dir, `text-${n}.bin`), files.text);
  await writeFile(join(dir, `ranges-${n}.bin`), files.ranges);
  const module = (await import(pathToFileURL(file).href)) as GeneratedModule;
  const loaded = await loadDocuments(module, await readFile(join(dir, `text-${n}.bin`)), await readFile(join(dir, `ranges-${n}.bin`)));
  const corpus = inflatedText(module, await readFile(join(dir, `text-${n}.bin`)));
  const rangeBytes = await readFile(join(dir, `ranges-${n}.bin`));
  const ranges = Array.from({ length: rangeBytes.length / 4 }, (_, i) => rangeBytes.readInt32LE(i * 4));
  return { source: files.module, corpus, ranges, loaded };
}


function resource(body: string): RenderedDocument {
  return {
    body,
    byteLength: Buffer.byteLength(body),
    contentType: "text/html; charset=utf-8",
    etag: '"x"',
    lastModified: "Thu, 04 Feb 2021 15:00:00 GMT",
    cacheClass: "page",
    contentPolicy: "page",
    cacheTag: "doc:/x",
  };
}

/** A document assembled from parts, as the build renders one. */
function assembled(parts: Part[]): RenderedDocument {
  const body = joinParts(parts);
  return { ...resource(body), parts };
}

const PARAGRAPH = "<p>Continued exchanges despite the COVID-19 pandemic have brought new momentum to ties.</p>\n";

describe("generated module", () => {
  it.each([undefined, 5, 64])("Should give back every body byte for byte, whatever characters and line ends it holds (chunks of %s bytes)", async (chunkSize) => {
    const bodies = [
      `<html>\n${PARAGRAPH}${PARAGRAPH}</html>`,
      `<rss><![CDATA[${PARAGRAPH}]]>\r\n${PARAGRAPH}\u2028 "quotes" \\ back\\slash \u{1F600} 한국어\n`,
      "",
      "\n\n\n",
      PARAGRAPH.trimEnd(),
    ];
    const resources = new Map(bodies.map((body, i) => [`/doc-${i}`, resource(body)]));
    resources.set("/feed.json", { ...resource(JSON.stringify({ content_html: bodies.join("") })), contentType: "application/feed+json; charset=utf-8" });
    const { loaded } = await roundTrip(resources, chunkSize);
    expect([...loaded.keys()]).toEqual([...resources.keys()]);
    for (const [path, original] of resources) expect(loaded.get(path)).toEqual(original);
  });

  it("Should write a text that several documents share only once, in the shared text and not in the module", async () => {
    const texts = new Texts();
    const paragraph = texts.of(PARAGRAPH);
    const page = assembled([texts.of("<article>\n"), paragraph, texts.of("</article>\n")]);
    const amp = assembled([texts.of("<article amp>\n"), paragraph, texts.of("</article>\n")]);
    const feed = assembled([texts.of("<content:encoded><![CDATA[\n"), paragraph, texts.of("]]></content:encoded>\n")]);
    const { source, corpus, loaded } = await roundTrip(new Map([["/page", page], ["/amp", amp], ["/feed", feed]]));
    expect(corpus.split(PARAGRAPH.trimEnd()).length - 1).toBe(1);
    expect(source).not.toContain(PARAGRAPH.trimEnd());
    expect(loaded.get("/amp")?.body).toBe(amp.body);
  });

  it("Should store a text that a JSON document carries escaped only once, unescaped, beside the HTML that carries it as is", async () => {
    const texts = new Texts();
    const html = texts.of(`<p>He said "ties" &amp; <a href="/x">more</a> \\ and 한국어 at length, on purpose.</p>\n`);
    const page = assembled([texts.of("<article>\n"), html, texts.of("</article>\n")]);
    const json = assembled([texts.of('{"content_html":"<article>\\n'), new JsonEscaped(html), texts.of('</article>"}\n')]);
    const jsonResource = { ...json, contentType: "application/feed+json; charset=utf-8" };
    const { corpus, loaded } = await roundTrip(new Map([["/page", page], ["/feed.json", jsonResource]]));
    expect(loaded.get("/feed.json")?.body).toBe(json.body);
    expect(JSON.parse(json.body.trim())).toEqual({ content_html: `<article>\n${html.value}</article>` });
    expect(corpus.split(html.value).length - 1).toBe(1);
    expect(corpus).not.toContain(JSON.stringify(html.value).slice(1, -1));
  });

  it("Should describe a document that reads the shared text in order as a single range, whatever its short and long lines", async () => {
    const page = `<article>\n<h1>Short</h1>\n${PARAGRAPH}<p>Short.</p>\n${PARAGRAPH.replace("ties", "links")}</article>\n`;
    const { source, corpus, ranges } = await roundTrip(new Map([["/page", resource(page)]]));
    expect(corpus).toBe(page);
    expect(ranges).toEqual([0, Buffer.byteLength(page)]);
    expect(source).toContain(String.raw`\"recipe\":[0,2]`);
  });

  it("Should lay out the same chunks, keys and ranges when it copies groups' bytes whole as when it copies text by text", () => {
    const piece = fc.oneof(fc.string({ unit: "grapheme", maxLength: 40 }), fc.constantFrom(PARAGRAPH, "\n", ""));
    fc.assert(
      fc.property(
        fc.array(piece, { minLength: 8, maxLength: 8 }),
        fc.array(fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 8 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 5 }), { maxLength: 4 }),
        fc.constantFrom(undefined, 3, 17, 100),
        (values, bodies, grouped, chunkSize) => {
          const texts = new Texts();
          const pool = values.map((value) => texts.of(value));
          const resources = new Map(bodies.map((parts, i) => [`/doc-${i}`, assembled(parts.map((i) => pool[i]!))]));
          // Groups as the build gives them: texts in order, some in two groups or in no document
          // (then a group is laid out without them, and its bytes cannot be used).
          const groups = grouped.map((indices) => [...new Set(indices)].map((i) => pool[i]!));
          const groupBytes = groups.map((group) => () => Buffer.concat(group.map((text) => text.bytes)));
          const options = chunkSize ? { chunkSize } : {};
          const plain = layOutText(resources, { ...options, groups });
          const whole = layOutText(resources, { ...options, groups, groupBytes });
          expect(whole.chunks.map((chunk) => [chunk.key, Buffer.from(chunk.bytes()).toString("hex")])).toEqual(plain.chunks.map((chunk) => [chunk.key, Buffer.from(chunk.bytes()).toString("hex")]));
          expect(whole.ranges).toEqual(plain.ranges);
          expect(whole.groupPlaces).toEqual(plain.groupPlaces);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("Should know a layout's chunks of groups used whole from the groups alone, and give their bytes as runs of the groups' bytes", () => {
    const piece = fc.oneof(fc.string({ unit: "grapheme", maxLength: 40 }), fc.constantFrom(PARAGRAPH, "\n", ""));
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 6 }),
        fc.array(fc.array(piece, { minLength: 1, maxLength: 5 }), { maxLength: 8 }),
        fc.constantFrom(undefined, 3, 17, 100),
        (siteValues, groupValues, chunkSize) => {
          const site = new Texts();
          // Each group's texts its own, as each article's are (a registry per group).
          const groups = groupValues.map((values) => {
            const registry = new Texts();
            return [...new Set(values.map((value) => registry.of(value)))];
          });
          const groupBytes = groups.map((group) => () => new Uint8Array(Buffer.concat(group.map((text) => text.bytes))));
          // Every text used: the site's in a document of their own, each group's in one per group.
          const resources = new Map([["/site", assembled(siteValues.map((value) => site.of(value)))], ...groups.map((group, i) => [`/group-${i}`, assembled(group)] as const)]);
          const options = chunkSize ? { chunkSize } : {};
          const ahead = groupChunks(groups, groupBytes, chunkSize);
          const layout = layOutText(resources, { ...options, groups, groupBytes });
          const last = layout.chunks.slice(layout.chunks.length - ahead.length);
          expect(ahead.map((chunk) => chunk.key)).toEqual(last.map((chunk) => chunk.key));
          for (const chunk of ahead) {
            const runs = chunk.runs()!;
            expect(Buffer.concat(runs.map(([bytes, from, to]) => bytes.subarray(from, to))).equals(chunk.bytes())).toBe(true);
          }
          // A chunk with a text's bytes among its own (the site's texts here) has no runs.
          if (siteValues.some((value) => value !== "")) expect(layout.chunks[0]!.runs()).toBeUndefined();
        },
      ),
      { numRuns: 200 },
    );
  });

  it("Should say where each group's texts went: their bytes, one after another, at its place in the chunks", () => {
    const piece = fc.oneof(fc.string({ unit: "grapheme", maxLength: 40 }), fc.constantFrom(PARAGRAPH, "\n", ""));
    fc.assert(
      fc.property(
        fc.array(piece, { minLength: 12, maxLength: 12 }),
        fc.array(fc.array(fc.integer({ min: 0, max: 11 }), { maxLength: 4 }), { maxLength: 6 }),
        fc.constantFrom(undefined, 3, 17, 100, 400),
        fc.boolean(),
        (values, grouped, chunkSize, whole) => {
          const texts = new Texts();
          const pool = values.map((value) => texts.of(value));
          // Each text in one group at most (equal values are one Text), every text in one document.
          const taken = new Set<Text>();
          const groups = grouped.map((indices) => indices.map((i) => pool[i]!).filter((text) => !taken.has(text) && taken.add(text)));
          const resources = new Map([["/all", assembled(pool)]]);
          const groupBytes = whole ? groups.map((group) => () => Buffer.concat(group.map((text) => text.bytes))) : undefined;
          const layout = layOutText(resources, { ...(chunkSize ? { chunkSize } : {}), groups, ...(groupBytes ? { groupBytes } : {}) });
          const chunks = new Map(layout.chunks.map((chunk) => [chunk.key, Buffer.from(chunk.bytes())]));
          groups.forEach((group, i) => {
            const placed = Buffer.concat(layout.groupPlaces[i]!.map(({ key, offset, length }) => chunks.get(key)!.subarray(offset, offset + length)));
            expect(placed.toString("hex")).toBe(Buffer.concat(group.map((text) => text.bytes)).toString("hex"));
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("Should copy a group whose texts are all its own from the group's bytes", () => {
    const texts = new Texts();
    const [a, b, c] = ["first text, ", "second, ", "third"].map((value) => texts.of(value)) as [Text, Text, Text];
    let read = 0;
    const groupBytes = [
      () => {
        read++;
        return Buffer.from("FIRST TEXT, SECOND, THIRD");
      },
    ];
    const layout = layOutText(new Map([["/doc", assembled([a, b, c])]]), { groups: [[a, b, c]], groupBytes });
    // The bytes are the group's, not the texts': what the caller vouches for is what is copied.
    expect(Buffer.from(layout.chunks[0]!.bytes()).toString()).toBe("FIRST TEXT, SECOND, THIRD");
    expect(read).toBe(1);
  });

  it("Should give back any set of bodies built from shared, escaped and grouped texts, whatever the chunk size", async () => {
    const piece = fc.oneof(fc.string({ unit: "grapheme", maxLength: 80 }), fc.constantFrom(PARAGRAPH, `"${PARAGRAPH}\\`, `${"x".repeat(60)}\r\n`, "\n", "\\n", ""));
    const part = fc.record({ text: fc.integer({ min: 0, max: 7 }), escaped: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { minLength: 8, maxLength: 8 }),
        fc.array(fc.array(part, { maxLength: 10 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 6 }),
        fc.constantFrom(undefined, 3, 17, 100),
        async (values, bodies, grouped, chunkSize) => {
          const texts = new Texts();
          const pool = values.map((value) => texts.of(value));
          const resources = new Map(bodies.map((parts, i) => [`/doc-${i}`, assembled(parts.map(({ text, escaped }) => (escaped ? new JsonEscaped(pool[text]!) : pool[text]!)))]));
          const groups = [grouped.map((i) => pool[i]!), grouped.slice(1).map((i) => pool[i]!)];
          const { loaded } = await roundTrip(resources, chunkSize, groups);
          for (const [path, original] of resources) expect(loaded.get(path)?.body).toBe(original.body);
        },
      ),
      { numRuns: 60 },
    );
  });
});
