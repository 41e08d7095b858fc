import { describe, expect, it } from "vitest";
import { listParts, renderDocuments } from "../../src/build/documents.ts";
import type { Photo } from "../../src/model.ts";
import { ARTICLE_LIST_END, ARTICLE_LIST_START } from "../../src/render/article-list.ts";
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
    const parsed = fixtureCorpus(articles);
    // Every fourth with a lead photo: its teaser carries a thumbnail.
    const corpus = { ...parsed, articles: parsed.articles.map((article, n) => (n % 4 === 0 ? { ...article, image: photo(n) } : article)) };
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
    expect(documents.get("/")!.body).toContain('<div class="thumb" aria-hidden="true"><picture>');
  });

  it("refuse a listing page that does not hold exactly one list of articles, saying so", () => {
    const list = `${ARTICLE_LIST_START}${ARTICLE_LIST_END}`;
    expect(listParts(`<main>${list}</main>`)).toEqual([`<main>${ARTICLE_LIST_START}`, `${ARTICLE_LIST_END}</main>`]);
    expect(() => listParts("<main></main>")).toThrow("a listing page must hold one list of articles (<ol class=\"articles\">\n</ol>), not none");
    expect(() => listParts(`${list}<aside>${list}</aside>`)).toThrow("not several");
  });
});

/** A lead photo as the build describes a developed one. */
function photo(n: number): Photo {
  const rendition = (width: number) => ({ url: `https://news.example.org/media/photo-${n}-${width}.jpg`, width, height: width / 2, byteLength: 1000 + width });
  return {
    url: `https://news.example.org/media/photo-${n}-960.jpg`,
    width: 1600,
    height: 800,
    type: "image/jpeg",
    byteLength: 1960,
    sources: [{ type: "image/jpeg", renditions: [rendition(480), rendition(960), rendition(1600)] }],
    alt: `Harbour ${n}`,
  };
}
