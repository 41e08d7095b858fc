import { describe, expect, it } from "vitest";
import { renderDocuments } from "../../src/build/documents.ts";
import { listingPages } from "../../src/pagination.ts";
import { listingPath, PATHS, topicBase } from "../../src/paths.ts";
import { renderIndexPage } from "../../src/render/index-page.ts";
import { renderTopicPage } from "../../src/render/topic-page.ts";
import { topicsOf } from "../../src/topics.ts";
import { fixtureCorpus, frontMatter } from "../support/corpus.ts";

function corpus(secondBody = "Newer.") {
  return fixtureCorpus([
    { frontMatter: frontMatter(1, { updated: "2024-09-09T09:09:09Z" }), body: "Older, updated later." },
    { frontMatter: frontMatter(2), body: secondBody },
  ]);
}

describe("the built documents", () => {
  it("are byte-identical, ETags included, when built twice from the same content", () => {
    expect([...renderDocuments(corpus(), { icon: "<svg/>" })]).toEqual([...renderDocuments(corpus(), { icon: "<svg/>" })]);
  });

  it("carry a strong ETag that differs exactly where the bodies differ", () => {
    const documents = [...renderDocuments(corpus(), { icon: "<svg/>" }).values()];
    for (const { etag } of documents) expect(etag).toMatch(/^"[\w-]{22}"$/);
    const bodyOf = new Map(documents.map(({ etag, body }) => [etag, body]));
    expect(bodyOf.size).toBe(new Set(documents.map(({ body }) => body)).size);
    for (const { etag, body } of documents) expect(bodyOf.get(etag)).toBe(body);
  });

  it("change the ETag of exactly the documents whose bytes an edit changes", () => {
    const before = renderDocuments(corpus(), { icon: "<svg/>" });
    const after = renderDocuments(corpus("Newer, corrected."), { icon: "<svg/>" });
    let changed = 0;
    for (const [path, document] of after) {
      const old = before.get(path)!;
      expect(old.etag === document.etag, path).toBe(old.body === document.body);
      if (old.body !== document.body) changed++;
    }
    expect(changed).toBeGreaterThan(0);
    expect(changed).toBeLessThan(after.size);
  });

  it("date each feed and the index by the newest update they show, and each page by its article", () => {
    const documents = renderDocuments(corpus(), { icon: "<svg/>" });
    for (const path of ["/feed.xml", "/atom.xml", "/feed.json", "/"]) {
      expect(documents.get(path)!.lastModified, path).toBe("Mon, 09 Sep 2024 09:09:09 GMT");
    }
    expect(documents.get("/articles/article-2")!.lastModified).toBe("Wed, 03 Jan 2024 08:00:00 GMT");
  });

  it("give the AMP policy to AMP pages only, not to a page whose path merely ends in /amp", () => {
    const documents = renderDocuments(fixtureCorpus([{ frontMatter: frontMatter(1, { slug: "amp" }), body: "A story about amplifiers." }]), { icon: "<svg/>" });
    expect(documents.get(PATHS.article("amp"))!.contentPolicy).toBe("page");
    expect(documents.get(PATHS.articleAmp("amp"))!.contentPolicy).toBe("amp");
    for (const [path, { contentType, contentPolicy }] of documents) {
      if (!contentType.startsWith("text/html")) expect(contentPolicy, path).toBe("inert");
      else if (path !== PATHS.articleAmp("amp")) expect(contentPolicy, path).toBe("page");
    }
  });

  it("assemble every listing page, each article's teaser where its list is, as its renderer writes it whole", () => {
    // Enough articles for numbered pages of the index and of a topic, tags shared and not.
    const articles = Array.from({ length: 230 }, (_, n) => ({ frontMatter: frontMatter(n, { tags: n % 3 === 0 ? ["Tests", "Thirds <&>"] : ["Tests"] }), body: `Body ${n}.` }));
    const corpus = fixtureCorpus(articles);
    const documents = renderDocuments(corpus, { icon: "<svg/>" });
    let listings = 0;
    for (const page of listingPages(corpus.articles)) {
      expect(documents.get(listingPath("", page.number))!.body).toBe(renderIndexPage(corpus, page));
      listings++;
    }
    for (const topic of topicsOf(corpus.articles)) {
      for (const page of listingPages(topic.articles)) {
        expect(documents.get(listingPath(topicBase(topic.slug), page.number))!.body).toBe(renderTopicPage(corpus.site, topic, page));
        listings++;
      }
    }
    expect(listings).toBeGreaterThan(6);
  });
});
