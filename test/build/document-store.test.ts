import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { loadCorpus } from "../../src/build/content.ts";
import { bodyStore } from "../../src/build/generate.ts";
import { buildResources, entityTag } from "../../src/build/resources.ts";
import { assembleBody } from "../../src/http/document-store.ts";
import type { Resource } from "../../src/http/resource.ts";
import { fixtureCorpus, frontMatter } from "../support/corpus.ts";
import { RESOURCES as GENERATED } from "../support/documents.ts";

const CONTENT = new URL("../../content/", import.meta.url).pathname;

/** Paragraphs as long as the seed's, with every character JSON and HTML escape differently. */
function articleBody(n: number): string {
  const sentence = `Officials in "Seoul" & Beijing said <trade> \\ ties would grow ${n % 5} percent — 외교 ✓.`;
  return Array.from({ length: 6 }, (_, p) => `${sentence} Paragraph ${p} of a story that runs long enough to be shared.`).join("\n\n");
}

async function seedResources(): Promise<ReadonlyMap<string, Resource>> {
  const corpus = await loadCorpus(CONTENT);
  return buildResources(corpus, { icon: await readFile(`${CONTENT}icon.svg`, "utf8") });
}

function generatedCorpusResources(): ReadonlyMap<string, Resource> {
  const TAGS = [["Politics", "외교"], ["Trade"], ["Asia", "Trade"]];
  const articles = Array.from({ length: 30 }, (_, n) => ({ frontMatter: frontMatter(n, { tags: TAGS[n % TAGS.length] }), body: articleBody(n) }));
  return buildResources(fixtureCorpus(articles, { feedItems: 7 }), { icon: "<svg/>" });
}

/** Every document assembled from the store, with its bytes checked against the build's metadata. */
function expectAssembledIdentically(resources: ReadonlyMap<string, Resource>): void {
  const { corpus, recipes } = bodyStore(resources);
  for (const [path, resource] of resources) {
    const body = assembleBody(recipes.get(path)!, corpus);
    expect(body === resource.body, path).toBe(true);
    expect(entityTag(body), path).toBe(resource.etag);
    expect(Buffer.byteLength(body, "utf8"), path).toBe(resource.byteLength);
  }
}

describe("documents assembled from the corpus and their recipes", () => {
  it("Should be byte for byte what the renderers wrote, for every document of the seed content", async () => {
    expectAssembledIdentically(await seedResources());
  });

  it("Should be byte for byte what the renderers wrote, for every page, feed, topic feed and archive page of a larger site", () => {
    const resources = generatedCorpusResources();
    expect([...resources.keys()].some((path) => path.startsWith("/tags/") && path.includes("/archive/"))).toBe(true);
    expectAssembledIdentically(resources);
  });

  it("Should store the article text once although every page, feed and JSON Feed repeats it", () => {
    const resources = generatedCorpusResources();
    const { corpus, recipes } = bodyStore(resources);
    const paragraph = "Paragraph 3 of a story that runs long enough to be shared.";
    const rendered = [...resources.values()].reduce((sum, { body }) => sum + body.length, 0);
    expect(corpus.length).toBeLessThan(rendered / 5);
    expect(corpus.split(`ties would grow 1 percent — 외교 ✓. ${paragraph}`).length - 1).toBe(1);
    expect([...recipes.values()].flat().some((from) => from < 0)).toBe(true);
  });

  it("Should give tests, through the generated module and corpus.txt of the current build, the bodies whose ETags and sizes the Worker sends", () => {
    expect(GENERATED.size).toBeGreaterThan(0);
    for (const [path, resource] of GENERATED) {
      expect(entityTag(resource.body), path).toBe(resource.etag);
      expect(Buffer.byteLength(resource.body, "utf8"), path).toBe(resource.byteLength);
    }
  });
});
