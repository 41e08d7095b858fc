import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildResources } from "../../src/build/resources.ts";
import { fixtureCorpus, frontMatter } from "../support/corpus.ts";

function corpus() {
  return fixtureCorpus([
    { frontMatter: frontMatter(1, { updated: "2024-09-09T09:09:09Z" }), body: "Older, updated later." },
    { frontMatter: frontMatter(2), body: "Newer." },
  ]);
}

describe("the built documents", () => {
  it("are byte-identical, ETags included, when built twice from the same content", () => {
    expect([...buildResources(corpus(), { icon: "<svg/>" })]).toEqual([...buildResources(corpus(), { icon: "<svg/>" })]);
  });

  it("carry a strong ETag derived from the exact body bytes", () => {
    for (const [path, resource] of buildResources(corpus(), { icon: "<svg/>" })) {
      const digest = createHash("sha256").update(Buffer.from(resource.body, "utf8")).digest("base64url").slice(0, 22);
      expect(resource.etag, path).toBe(`"${digest}"`);
    }
  });

  it("date each feed and the index by the newest update they show, and each page by its article", () => {
    const resources = buildResources(corpus(), { icon: "<svg/>" });
    for (const path of ["/feed.xml", "/atom.xml", "/feed.json", "/"]) {
      expect(resources.get(path)!.lastModified, path).toBe("Mon, 09 Sep 2024 09:09:09 GMT");
    }
    expect(resources.get("/articles/article-2")!.lastModified).toBe("Wed, 03 Jan 2024 08:00:00 GMT");
  });
});
