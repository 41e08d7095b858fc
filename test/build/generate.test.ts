import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatedModule } from "../../src/build/generate.ts";
import type { Resource } from "../../src/http/resource.ts";

let dir: string;
let written = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "edgefeed-generate-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes the module for `resources`, imports it as the Worker would, and returns its map. */
async function roundTrip(resources: Map<string, Resource>): Promise<{ source: string; loaded: ReadonlyMap<string, Resource> }> {
  const source = generatedModule(resources, "test/build/generate.test.ts");
  const file = join(dir, `resources-${written++}.ts`);
  await writeFile(file, source);
  const module = (await import(pathToFileURL(file).href)) as { RESOURCES: ReadonlyMap<string, Resource> };
  return { source, loaded: module.RESOURCES };
}

function resource(body: string): Resource {
  return {
    body,
    byteLength: new TextEncoder().encode(body).length,
    contentType: "text/html; charset=utf-8",
    etag: '"x"',
    lastModified: "Thu, 04 Feb 2021 15:00:00 GMT",
    cacheClass: "page",
  };
}

const PARAGRAPH = "<p>Continued exchanges despite the COVID-19 pandemic have brought new momentum to ties.</p>\n";

describe("generated module", () => {
  it("Should give back every body byte for byte, whatever characters and line ends it holds", async () => {
    const bodies = [
      `<html>\n${PARAGRAPH}${PARAGRAPH}</html>`,
      `<rss><![CDATA[${PARAGRAPH}]]>\r\n${PARAGRAPH}\u2028 "quotes" \\ back\\slash \u{1F600} 한국어\n`,
      "",
      "\n\n\n",
      PARAGRAPH.trimEnd(),
    ];
    const resources = new Map(bodies.map((body, i) => [`/doc-${i}`, resource(body)]));
    const { loaded } = await roundTrip(resources);
    expect([...loaded.keys()]).toEqual([...resources.keys()]);
    for (const [path, original] of resources) expect(loaded.get(path)).toEqual(original);
  });

  it("Should write a long line that several documents share only once", async () => {
    const page = `<article>\n${PARAGRAPH}</article>\n`;
    const amp = `<article amp>\n${PARAGRAPH}</article>\n`;
    const feed = `<content:encoded><![CDATA[\n${PARAGRAPH}]]></content:encoded>\n`;
    const { source } = await roundTrip(new Map([["/page", resource(page)], ["/amp", resource(amp)], ["/feed", resource(feed)]]));
    expect(source.split(PARAGRAPH.trimEnd()).length - 1).toBe(1);
  });

  it("Should keep short lines inline, where a reference would cost more than it saves", async () => {
    const { source } = await roundTrip(new Map([["/a", resource("<p>Short.</p>\n")], ["/b", resource("<p>Short.</p>\n")]]));
    expect(source.split("<p>Short.</p>").length - 1).toBe(2);
  });

  it("Should give back any set of bodies built from shared and unshared lines", async () => {
    const line = fc.oneof(fc.string({ unit: "grapheme", maxLength: 80 }), fc.constantFrom(PARAGRAPH, `${"x".repeat(60)}\r\n`, "\n"));
    const body = fc.tuple(fc.array(line, { maxLength: 12 }), fc.constantFrom("", "\n")).map(([lines, separator]) => lines.join(separator));
    await fc.assert(
      fc.asyncProperty(fc.array(body, { minLength: 1, maxLength: 6 }), async (bodies) => {
        const resources = new Map(bodies.map((text, i) => [`/doc-${i}`, resource(text)]));
        const { loaded } = await roundTrip(resources);
        for (const [path, original] of resources) expect(loaded.get(path)?.body).toBe(original.body);
      }),
      { numRuns: 40 },
    );
  });
});
