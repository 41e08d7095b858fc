import { describe, expect, it } from "vitest";
import { renderDocuments } from "../../src/build/documents.ts";
import { DOCUMENTS } from "../support/documents.ts";
import type { Corpus } from "../../src/model.ts";
import { renderArticlePage } from "../../src/render/article-page.ts";
import { renderIndexPage } from "../../src/render/index-page.ts";
import { fixtureCorpus, frontMatter } from "../support/corpus.ts";
import { htmlProblems } from "../support/html-validator.ts";
import { readableText } from "../support/text.ts";

const FIGURE = `<figure>
<img src="/images/harbour.jpg" alt="The harbour at dawn, &quot;before&quot; the storm" width="1200" height="800">
<figcaption>The harbour. <span class="credit">Photo by A. Lens</span></figcaption>
</figure>`;

/** Articles that exercise every branch of the pages: an image, an update, no tags, markup-like text. */
function pagesCorpus(): Corpus {
  return fixtureCorpus([
    { frontMatter: frontMatter(1, { title: "Plain one", tags: [] }), body: "Just text.\n\n## A subheading\n\nMore text." },
    {
      frontMatter: frontMatter(2, {
        title: "Tom & Jerry <script>alert(1)<script> meet",
        summary: 'A "quoted" <b>summary</b> & more.',
        author: "Zoë O'Brien </script>",
        updated: "2024-03-05T10:00:00Z",
        tags: ["Cats & Mice", "Cartoons"],
      }),
      body: `${FIGURE}\n\nBody text.`,
    },
  ]);
}

function htmlPages(resources: ReadonlyMap<string, { body: string; contentType: string }>): [string, string][] {
  return [...resources].filter(([, r]) => r.contentType.startsWith("text/html")).map(([path, r]) => [path, r.body]);
}

function articleBySlug(corpus: Corpus, slug: string) {
  const article = corpus.articles.find((a) => a.slug === slug);
  if (!article) throw new Error(`no article ${slug}`);
  return article;
}

/** The `content` of `<meta property|name="key">`, decoded, or undefined. */
function meta(page: string, key: string): string | undefined {
  const match = new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)">`).exec(page);
  return match ? readableText(match[1]!) : undefined;
}

function jsonLd(page: string): Record<string, unknown> {
  const match = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(page);
  if (!match) throw new Error("no JSON-LD");
  return JSON.parse(match[1]!) as Record<string, unknown>;
}

describe("HTML pages", () => {
  it("pass html-validate, for the built site and for a fixture corpus with images, updates and markup-like text", async () => {
    const pages = [...htmlPages(DOCUMENTS), ...htmlPages(renderDocuments(pagesCorpus(), { icon: "<svg/>" }))];
    expect(pages.length).toBeGreaterThanOrEqual(5);
    for (const [path, body] of pages) expect(await htmlProblems(body, path), path).toEqual([]);
  });

  it("carry no inline script: only external same-origin scripts and JSON-LD data blocks (AMP pages aside)", () => {
    // The AMP validator governs AMP pages (test/render/amp-page.test.ts): their runtime comes from the AMP CDN.
    const canonicalPages = htmlPages(renderDocuments(pagesCorpus(), { icon: "<svg/>" })).filter(([path]) => !path.endsWith("/amp"));
    expect(canonicalPages.length).toBeGreaterThanOrEqual(3);
    for (const [path, body] of canonicalPages) {
      for (const tag of body.match(/<script\b[^>]*>/g) ?? []) {
        expect(tag, path).toMatch(/^<script (src="\/[^"/][^"]*" defer|type="application\/ld\+json")>$/);
      }
      expect(body, path).not.toMatch(/\son[a-z]+=/i);
    }
  });
});

describe("the index page", () => {
  it("shows the site and, for each article, its title, date, author, summary and link", () => {
    const corpus = pagesCorpus();
    const page = renderIndexPage(corpus);
    const text = readableText(page);
    expect(page).toContain("<h1>Fixture Times</h1>");
    expect(text).toContain("A site made up for tests.");
    for (const article of corpus.articles) {
      expect(text).toContain(article.title);
      expect(text).toContain(`By ${article.author}`);
      expect(text).toContain(article.summary);
      expect(page).toContain(`<a href="${article.url}">`);
      expect(page).toContain(`<time datetime="${article.published.toISOString()}">`);
    }
    expect(text).toContain("Tom & Jerry <script>alert(1)<script> meet");
    expect(page.indexOf("Tom &amp; Jerry")).toBeLessThan(page.indexOf("Plain one"));
  });

  it("has a Subscribe block with each feed URL, a copy button that needs JavaScript to appear, and a line on feed readers", () => {
    const page = renderIndexPage(pagesCorpus());
    const block = /<section id="subscribe"[\s\S]*?<\/section>/.exec(page)?.[0] ?? "";
    expect(readableText(block)).toMatch(/A feed reader .* shows each new article in one place/);
    for (const path of ["/feed.xml", "/atom.xml", "/feed.json"]) {
      const url = `https://news.example.org${path}`;
      expect(block).toContain(`<a class="feed-url" href="${url}">${url}</a>`);
      expect(block).toContain(`<button type="button" class="copy" data-copy="${url}" hidden>`);
    }
    expect(page).toContain('<script src="/copy.js" defer></script>');
    expect(page).toContain('href="https://news.example.org/#subscribe"');
  });
});

describe("the article page", () => {
  const corpus = pagesCorpus();
  const article = articleBySlug(corpus, "article-2");
  const page = renderArticlePage(corpus.site, article);

  it("reads as a story: headline, byline, both dates, figure with caption and credit, subheadings", () => {
    expect(page).toContain("<h1>Tom &amp; Jerry &lt;script&gt;alert(1)&lt;script&gt; meet</h1>");
    expect(readableText(page)).toContain("By Zoë O'Brien </script> Published January 3, 2024 · Updated March 5, 2024");
    expect(page).toMatch(/<figure>\s*<img src="https:\/\/news\.example\.org\/images\/harbour\.jpg"[^>]*>\s*<figcaption>The harbour\. <span class="credit">Photo by A\. Lens<\/span><\/figcaption>/);
    const plain = renderArticlePage(corpus.site, articleBySlug(corpus, "article-1"));
    expect(plain).toContain("<h2>A subheading</h2>");
    expect(readableText(plain)).not.toContain("Updated");
  });

  it("links every feed with rel=alternate, its AMP version with rel=amphtml, and shows a visible subscribe link", () => {
    expect(page).toContain('<link rel="amphtml" href="https://news.example.org/articles/article-2/amp">');
    for (const [type, path] of [["application/rss+xml", "/feed.xml"], ["application/atom+xml", "/atom.xml"], ["application/feed+json", "/feed.json"]]) {
      expect(page).toContain(`<link rel="alternate" type="${type}" title="Fixture Times (`);
      expect(page).toContain(`href="https://news.example.org${path}">`);
    }
    const aside = /<aside class="subscribe"[\s\S]*?<\/aside>/.exec(page)?.[0] ?? "";
    expect(readableText(aside)).toContain("Get every new article in your feed reader: RSS · Atom · JSON Feed");
    expect(aside).toContain('<a href="https://news.example.org/#subscribe">How to subscribe</a>');
  });

  it("describes itself to link previews with OpenGraph and Twitter tags, image included when the article has one", () => {
    expect(meta(page, "og:type")).toBe("article");
    expect(meta(page, "og:title")).toBe(article.title);
    expect(meta(page, "og:description")).toBe('A "quoted" <b>summary</b> & more.');
    expect(meta(page, "og:url")).toBe(article.url);
    expect(meta(page, "og:site_name")).toBe("Fixture Times");
    expect(meta(page, "og:image")).toBe("https://news.example.org/images/harbour.jpg");
    expect(meta(page, "og:image:alt")).toBe('The harbour at dawn, "before" the storm');
    expect(meta(page, "article:published_time")).toBe("2024-01-03T08:00:00.000Z");
    expect(meta(page, "article:modified_time")).toBe("2024-03-05T10:00:00.000Z");
    expect(page.match(/<meta property="article:tag"/g)).toHaveLength(2);
    expect(meta(page, "twitter:card")).toBe("summary_large_image");
    expect(meta(page, "twitter:title")).toBe(article.title);
    const plain = renderArticlePage(corpus.site, articleBySlug(corpus, "article-1"));
    expect(meta(plain, "twitter:card")).toBe("summary");
    expect(meta(plain, "og:image")).toBeUndefined();
  });

  it("carries NewsArticle JSON-LD that no headline or author can break out of", () => {
    expect(page.match(/<\/script>/g)).toHaveLength(1);
    expect(jsonLd(page)).toMatchObject({
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      headline: article.title,
      datePublished: "2024-01-03T08:00:00.000Z",
      dateModified: "2024-03-05T10:00:00.000Z",
      author: { name: "Zoë O'Brien </script>" },
      publisher: { name: "Fixture Media" },
      mainEntityOfPage: { "@id": article.url },
    });
  });
});

describe("/copy.js", () => {
  it("is served as JavaScript that parses", () => {
    const script = DOCUMENTS.get("/copy.js");
    expect(script?.contentType).toBe("text/javascript; charset=utf-8");
    expect(() => new Function(script!.body)).not.toThrow();
  });
});
