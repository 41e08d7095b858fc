import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/build/content.ts";
import { bodyStore, CHUNK_SIZE, encodeDocuments } from "../../src/store/encode.ts";
import { renderDocuments, entityTag } from "../../src/build/documents.ts";
import { DocumentStore } from "../../src/store/decode.ts";
import type { RenderedDocument, StoredDocument } from "../../src/store/document.ts";
import { fixtureCorpus, frontMatter } from "../support/corpus.ts";
import { loadDocuments } from "../support/stored-documents.ts";

const CONTENT = new URL("../../content/", import.meta.url).pathname;

/** Paragraphs as long as the seed's, with every character JSON and HTML escape differently. */
function articleBody(n: number): string {
  const sentence = `Officials in "Seoul" & Beijing said <trade> \\ ties would grow ${n % 5} percent — 외교 ✓.`;
  return Array.from({ length: 6 }, (_, p) => `${sentence} Paragraph ${p} of a story that runs long enough to be shared.`).join("\n\n");
}

function resourceOf(body: string): RenderedDocument {
  return { body, byteLength: Buffer.byteLength(body), contentType: "text/html; charset=utf-8", etag: '"x"', lastModified: "Thu, 04 Feb 2021 15:00:00 GMT", cacheClass: "page", contentPolicy: "page", cacheTag: "doc:/x" };
}

async function seedResources(): Promise<ReadonlyMap<string, RenderedDocument>> {
  const corpus = await loadCorpus(CONTENT);
  return renderDocuments(corpus, { icon: await readFile(`${CONTENT}icon.svg`, "utf8") });
}

function generatedCorpusResources(): ReadonlyMap<string, RenderedDocument> {
  const TAGS = [["Politics", "외교"], ["Trade"], ["Asia", "Trade"]];
  const articles = Array.from({ length: 30 }, (_, n) => ({ frontMatter: frontMatter(n, { tags: TAGS[n % TAGS.length] }), body: articleBody(n) }));
  return renderDocuments(fixtureCorpus(articles, { feedItems: 7 }), { icon: "<svg/>" });
}

/**
 * Every document stored as the build stores it and assembled as the Worker assembles it, with
 * its bytes checked against the build's metadata.
 */
async function expectAssembledIdentically(resources: ReadonlyMap<string, RenderedDocument>, chunkSize: number): Promise<void> {
  const files = encodeDocuments(resources, "test", chunkSize);
  const loaded = await loadDocuments(files.exports, files.text, files.ranges);
  expect(files.exports.TEXT.chunkEnds.length).toBe(Math.ceil(bodyStore(resources).text.length / chunkSize));
  for (const [path, resource] of resources) {
    const body = loaded.get(path)!.body;
    expect(body === resource.body, path).toBe(true);
    expect(entityTag(body), path).toBe(resource.etag);
    expect(Buffer.byteLength(body, "utf8"), path).toBe(resource.byteLength);
  }
}

describe("documents assembled from the shared text and their recipes", () => {
  it.each([CHUNK_SIZE, 4096, 1000])("Should be byte for byte what the renderers wrote, for every document of the seed content (chunks of %i bytes)", async (chunkSize) => {
    await expectAssembledIdentically(await seedResources(), chunkSize);
  });

  it.each([CHUNK_SIZE, 4096])("Should be byte for byte what the renderers wrote, for every page, feed, topic feed and archive page of a larger site (chunks of %i bytes)", async (chunkSize) => {
    const resources = generatedCorpusResources();
    expect([...resources.keys()].some((path) => path.startsWith("/tags/") && path.includes("/archive/"))).toBe(true);
    await expectAssembledIdentically(resources, chunkSize);
  });

  it("Should store the article text once although every page, feed and JSON Feed repeats it, and compress it", () => {
    const resources = generatedCorpusResources();
    const { text: shared, recipes } = bodyStore(resources);
    const text = new TextDecoder().decode(shared);
    const paragraph = "Paragraph 3 of a story that runs long enough to be shared.";
    const rendered = [...resources.values()].reduce((sum, { body }) => sum + Buffer.byteLength(body), 0);
    expect(shared.length).toBeLessThan(rendered / 5);
    expect(text.split(`ties would grow 1 percent — 외교 ✓. ${paragraph}`).length - 1).toBe(1);
    expect([...recipes.values()].flat().some((from) => from < 0)).toBe(true);
    expect(encodeDocuments(resources, "test").text.length).toBeLessThan(shared.length / 3);
  });

  it("Should assemble a body once and keep its bytes for every later request", async () => {
    const files = encodeDocuments(new Map([["/page", resourceOf("<p>A short page</p>")], ["/other", resourceOf("<p>Another</p>")]]), "test");
    const [[, page], [, other]] = files.exports.DOCUMENTS as [[string, StoredDocument], [string, StoredDocument]];
    const store = new DocumentStore(files.exports.TEXT, files.text.slice().buffer as ArrayBuffer, files.ranges.slice().buffer as ArrayBuffer);
    expect(store.keptBody(page)).toBeUndefined();
    const first = await store.loadBody(page);
    expect(new TextDecoder().decode(first)).toBe("<p>A short page</p>");
    expect(store.keptBody(page)).toBe(first);
    expect(await store.loadBody(page)).toBe(first);
    expect(store.keptBody(other)).toBeUndefined();
  });

  it("Should refuse to serve a body whose ranges do not give the length the build recorded", async () => {
    const files = encodeDocuments(new Map([["/page", resourceOf("<p>A short page</p>")]]), "test");
    const [[, stored]] = files.exports.DOCUMENTS as [[string, StoredDocument]];
    const store = new DocumentStore(files.exports.TEXT, files.text.slice().buffer as ArrayBuffer, files.ranges.slice().buffer as ArrayBuffer);
    expect(new TextDecoder().decode(await store.body(stored.recipe, stored.byteLength))).toBe("<p>A short page</p>");
    await expect(store.body(stored.recipe, stored.byteLength + 1)).rejects.toThrow(/the generated files disagree/);
    await expect(store.body(stored.recipe, stored.byteLength - 1)).rejects.toThrow(/longer than the length the build recorded/);
  });
});
