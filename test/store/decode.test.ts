import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/build/content.ts";
import { CHUNK_SIZE, encodeDocuments, layOutText } from "../../src/store/encode.ts";
import { renderSite, type RenderedSite } from "../../src/build/documents.ts";
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

async function seedSite(): Promise<RenderedSite> {
  const corpus = await loadCorpus(CONTENT);
  return renderSite(corpus, { icon: await readFile(`${CONTENT}icon.svg`, "utf8") });
}

function generatedCorpusSite(): RenderedSite {
  const TAGS = [["Politics", "외교"], ["Trade"], ["Asia", "Trade"]];
  const articles = Array.from({ length: 30 }, (_, n) => ({ frontMatter: frontMatter(n, { tags: TAGS[n % TAGS.length] }), body: articleBody(n) }));
  return renderSite(fixtureCorpus(articles, { feedItems: 7 }), { icon: "<svg/>" });
}

/**
 * Every document stored as the build stores it and assembled as the Worker assembles it, with
 * its bytes checked against the build's metadata.
 */
async function expectAssembledIdentically({ documents: resources, groups }: RenderedSite, chunkSize: number): Promise<void> {
  const files = encodeDocuments(resources, "test", { chunkSize, groups });
  const loaded = await loadDocuments(files.exports, files.text, files.ranges);
  const { chunkStarts } = files.exports.TEXT;
  expect(chunkStarts[0]).toBe(0);
  // Every chunk within the size.
  const sizes = chunkStarts.map((start, i) => (chunkStarts[i + 1] ?? Infinity) - start);
  expect(sizes.slice(0, -1).every((size) => size > 0 && size <= chunkSize)).toBe(true);
  const etags = new Map<string, string>();
  for (const [path, resource] of resources) {
    const body = loaded.get(path)!.body;
    expect(body === resource.body, path).toBe(true);
    expect(Buffer.byteLength(body, "utf8"), path).toBe(resource.byteLength);
    // A strong validator: different bytes, different tags (equal bytes may share one).
    const earlier = etags.get(resource.etag);
    if (earlier !== undefined) expect(earlier, path).toBe(body);
    etags.set(resource.etag, body);
  }
}

describe("documents assembled from the shared text and their recipes", () => {
  it.each([CHUNK_SIZE, 4096, 1000])("Should be byte for byte what the renderers wrote, for every document of the seed content (chunks of %i bytes)", async (chunkSize) => {
    await expectAssembledIdentically(await seedSite(), chunkSize);
  });

  it.each([CHUNK_SIZE, 4096])("Should be byte for byte what the renderers wrote, for every page, feed, topic feed and archive page of a larger site (chunks of %i bytes)", async (chunkSize) => {
    const site = generatedCorpusSite();
    expect([...site.documents.keys()].some((path) => path.startsWith("/tags/") && path.includes("/archive/"))).toBe(true);
    await expectAssembledIdentically(site, chunkSize);
  });

  it("Should store an article's body once although its page, feed items and JSON Feed items in every feed repeat it, and compress it", () => {
    const { documents: resources, groups } = generatedCorpusSite();
    const layout = layOutText(resources, { groups });
    const text = Buffer.concat(layout.chunks.map((chunk) => chunk.bytes())).toString("utf8");
    const paragraph = "ties would grow 1 percent — 외교 ✓. Paragraph 3 of a story that runs long enough to be shared.";
    const rendered = [...resources.values()].reduce((sum, { body }) => sum + Buffer.byteLength(body), 0);
    expect(text.length).toBeLessThan(rendered / 2);
    // Articles 1, 6, 11... share the sentence: each stores its body once, its AMP page included,
    // which carries the body as is when the AMP transform leaves it unchanged (as here).
    const articlesWithIt = groups.filter((group) => group.some((t) => t.value.includes(paragraph))).length;
    expect(articlesWithIt).toBe(6);
    expect([...resources].filter(([path, { body }]) => path.endsWith("/amp") && body.includes(paragraph))).toHaveLength(articlesWithIt);
    expect(text.split(paragraph).length - 1).toBe(articlesWithIt);
    // An article's teaser is on the index and on each of its topics' pages, stored once.
    const teaser = /<li>\n<h3><a href="[^"]+">[^<]+<\/a><\/h3>/.exec(resources.get("/")!.body)![0];
    expect([...resources.values()].filter((document) => document.body.includes(teaser)).length).toBeGreaterThan(1);
    expect(text.split(teaser).length - 1).toBe(1);
    const ranges = new Int32Array(layout.ranges.buffer, layout.ranges.byteOffset, layout.ranges.length / 4);
    expect(ranges.some((from) => from < 0)).toBe(true);
    expect(encodeDocuments(resources, "test", { groups }).text.length).toBeLessThan(text.length / 3);
  });

  it("Should leave every chunk but those around an edited article as it was, bytes and keys", () => {
    const before = generatedCorpusSite();
    const TAGS = [["Politics", "외교"], ["Trade"], ["Asia", "Trade"]];
    const articles = Array.from({ length: 30 }, (_, n) => ({ frontMatter: frontMatter(n, { tags: TAGS[n % TAGS.length] }), body: n === 12 ? "Rewritten." : articleBody(n) }));
    const after = renderSite(fixtureCorpus(articles, { feedItems: 7 }), { icon: "<svg/>" });
    // Small chunks, so that the articles fill many.
    const chunks = ({ documents, groups }: RenderedSite) => layOutText(documents, { groups, chunkSize: 8192 });
    const [was, is] = [chunks(before), chunks(after)];
    const wasKeys = new Set(was.chunks.map((chunk) => chunk.key));
    const changed = is.chunks.map((chunk, i) => [i, wasKeys.has(chunk.key)] as const).filter(([, same]) => !same).map(([i]) => i);
    expect(is.chunks.length).toBeGreaterThan(10);
    // Groups are in the corpus's order, newest first: article 12 of 0..29 is the 18th. The site's
    // own chunks (listings, feed heads) change too: they show the edited article's title.
    const edited = new Set(is.groupPlaces[17]!.map((place) => place.key));
    const articleChunks = is.chunks.map((chunk, i) => [i, chunk] as const).filter(([, chunk]) => is.groupPlaces.some((place) => place.some((p) => p.key === chunk.key)));
    const changedArticleChunks = articleChunks.filter(([i]) => changed.includes(i)).map(([, chunk]) => chunk.key);
    expect(changedArticleChunks.some((key) => edited.has(key))).toBe(true);
    expect(changedArticleChunks.length).toBeLessThanOrEqual(edited.size + 2);
    // Unchanged chunks are the same bytes under the same key.
    const wasBytes = new Map(was.chunks.map((chunk) => [chunk.key, Buffer.from(chunk.bytes())]));
    for (const chunk of is.chunks) if (wasBytes.has(chunk.key)) expect(Buffer.from(chunk.bytes()).equals(wasBytes.get(chunk.key)!)).toBe(true);
  });

  it("Should assemble a body once and keep its bytes for every later request", async () => {
    const files = encodeDocuments(new Map([["/page", resourceOf("<p>A short page</p>")], ["/other", resourceOf("<p>Another</p>")]]), "test");
    const [[, page], [, other]] = files.exports.DOCUMENTS as [[string, StoredDocument], [string, StoredDocument]];
    const store = new DocumentStore(files.exports.TEXT, files.text.slice().buffer as ArrayBuffer, files.ranges.slice().buffer as ArrayBuffer);
    expect(store.keptBody(page)).toBeUndefined();
    const first = await store.loadBody(page);
    expect(await first.text()).toBe("<p>A short page</p>");
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
