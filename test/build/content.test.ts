import { describe, expect, it } from "vitest";
import { buildCorpus, ContentError } from "../../src/build/content.ts";
import { articleFile, FIXTURE_SITE, frontMatter, type FixtureArticle } from "../support/corpus.ts";

function problemsOf(articles: FixtureArticle[], site: unknown = FIXTURE_SITE): string {
  try {
    buildCorpus(site, articles.map(articleFile));
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    return (error as ContentError).message;
  }
  throw new Error("expected the content to be rejected");
}

describe("content validation", () => {
  it("accepts a valid article and fills in defaults", () => {
    const corpus = buildCorpus(FIXTURE_SITE, [articleFile({ frontMatter: frontMatter(1), body: "Hello." })]);
    expect(corpus.articles[0]).toMatchObject({ slug: "article-1", author: "Fixture Desk", url: "https://news.example.org/articles/article-1" });
    expect(corpus.articles[0]!.updated).toEqual(corpus.articles[0]!.published);
  });

  it("names the file and every wrong field in one message", () => {
    const message = problemsOf([
      { file: "articles/bad.md", frontMatter: { slug: "Bad Slug!", published: "yesterday", summary: "" }, body: "Text." },
    ]);
    expect(message).toContain("articles/bad.md › title: is required");
    expect(message).toContain('articles/bad.md › slug: "Bad Slug!" is not safe in a URL: use only lowercase letters');
    expect(message).toContain("articles/bad.md › published:");
    expect(message).toContain("articles/bad.md › summary: is empty");
  });

  it("reports the problems of every file together", () => {
    const message = problemsOf([
      { file: "articles/one.md", frontMatter: frontMatter(1, { title: undefined }), body: "x" },
      { file: "articles/two.md", frontMatter: frontMatter(2, { published: "2024-02-30T10:00:00Z" }), body: "x" },
    ]);
    expect(message).toMatch(/^Content has 2 problems; nothing was written/);
    expect(message).toContain("articles/one.md › title");
    expect(message).toContain("articles/two.md › published: \"2024-02-30T10:00:00Z\" is not a real date");
  });

  it("rejects a date without a time zone and says how to add one", () => {
    const message = problemsOf([{ frontMatter: frontMatter(1, { published: "2024-05-01T09:00:00" }), body: "x" }]);
    expect(message).toContain('has no time zone: add one, e.g. 2024-05-01T09:00:00+09:00 or Z');
  });

  it("rejects a duplicate slug, naming the file that has it first", () => {
    const message = problemsOf([
      { file: "articles/a.md", frontMatter: frontMatter(1), body: "x" },
      { file: "articles/b.md", frontMatter: frontMatter(2, { slug: "article-1" }), body: "x" },
    ]);
    expect(message).toContain('articles/b.md › slug: "article-1" is already used by articles/a.md');
  });

  it("reports an unknown field instead of ignoring it", () => {
    const message = problemsOf([{ frontMatter: { ...frontMatter(1), titel: "Typo" }, body: "x" }]);
    expect(message).toContain("titel: is not a known field: did you mean title?");
  });

  it("rejects an article with no body", () => {
    expect(problemsOf([{ frontMatter: frontMatter(1), body: "" }])).toContain("› body: has no body");
  });

  it("validates the site metadata too", () => {
    const message = problemsOf([{ frontMatter: frontMatter(1), body: "x" }], { ...FIXTURE_SITE, url: "not a url", language: "" });
    expect(message).toContain("site.ts › url: must be an absolute http(s) URL");
    expect(message).toContain("site.ts › language:");
  });

  it("leaves drafts out of the corpus", () => {
    const corpus = buildCorpus(FIXTURE_SITE, [
      articleFile({ frontMatter: frontMatter(1), body: "Published." }, 0),
      articleFile({ frontMatter: frontMatter(2, { draft: true }), body: "Secret draft." }, 1),
    ]);
    expect(corpus.articles.map((a) => a.slug)).toEqual(["article-1"]);
  });

  it("lets SITE_URL override the base URL of every link", () => {
    const corpus = buildCorpus(FIXTURE_SITE, [articleFile({ frontMatter: frontMatter(1), body: "x" })], { siteUrl: "https://mirror.example.net/" });
    expect(corpus.site.url).toBe("https://mirror.example.net");
    expect(corpus.articles[0]!.url).toBe("https://mirror.example.net/articles/article-1");
  });
});
