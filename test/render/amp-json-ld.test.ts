import { describe, expect, it } from "vitest";
import { DOCUMENTS } from "../support/documents.ts";
import { newsArticleJsonLd } from "../../src/render/json-ld.ts";
import { renderArticlePage } from "../../src/render/article-page.ts";
import { time } from "../../src/render/html.ts";
import { feedBody } from "../../src/render/photo.ts";
import { fixtureCorpus, frontMatter } from "../support/corpus.ts";
import { elementsIn } from "../support/elements.ts";

const OPEN = '<script type="application/ld+json">';
const CLOSE = "</script>";

/** The JSON inside the element newsArticleJsonLd returns, checked to be exactly one script element. */
function jsonOf(element: string): Record<string, unknown> {
  expect(element.startsWith(OPEN) && element.endsWith(CLOSE)).toBe(true);
  return JSON.parse(element.slice(OPEN.length, -CLOSE.length)) as Record<string, unknown>;
}

function articleJsonLd(fm: Record<string, unknown>, body = "Body.") {
  const corpus = fixtureCorpus([{ frontMatter: frontMatter(1, fm), body }]);
  return newsArticleJsonLd(corpus.site, corpus.articles[0]!).toString();
}

describe("the NewsArticle JSON-LD", () => {
  it("is written once per article for one site, and again for another site (the page and the AMP page share it), as is the markup a page takes from the site", () => {
    const corpus = fixtureCorpus([{ frontMatter: frontMatter(1, { tags: ["Tests", "Other"] }), body: "Body." }]);
    const article = corpus.articles[0]!;
    const first = newsArticleJsonLd(corpus.site, article);
    expect(newsArticleJsonLd(corpus.site, article)).toBe(first);
    const other = { ...corpus.site, language: "fr", publisher: { name: "Another", url: "https://another.example" } };
    expect(jsonOf(newsArticleJsonLd(other, article).toString())).toMatchObject({ inLanguage: "fr", publisher: { name: "Another" } });
    // The topics' feed links in the page's head are per site too.
    const moved = { ...corpus.site, url: "https://moved.example" };
    expect(renderArticlePage(corpus.site, article)).toContain('href="https://news.example.org/tags/tests/feed.xml"');
    expect(renderArticlePage(moved, article)).toContain('href="https://moved.example/tags/tests/feed.xml"');
    expect(renderArticlePage(moved, article)).not.toContain("https://news.example.org/tags/");
    // So are the site's feed links (head, subscribe box, footer).
    const count = (page: string, url: string) => page.split(url).length - 1;
    expect(count(renderArticlePage(moved, article), "https://moved.example/feed.xml")).toBe(count(renderArticlePage(corpus.site, article), "https://news.example.org/feed.xml"));
    expect(count(renderArticlePage(corpus.site, article), "https://news.example.org/feed.xml")).toBeGreaterThanOrEqual(3);
    expect(renderArticlePage(moved, article)).not.toContain("https://news.example.org/feed.xml");
  });

  it("names headline, dates, author, publisher with its logo, and the page it describes", () => {
    const json = jsonOf(articleJsonLd({ slug: "story", author: "Jane Roe", published: "2024-03-01T08:00:00+09:00", updated: "2024-03-02T09:30:00Z" }));
    expect(json).toEqual({
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      mainEntityOfPage: { "@type": "WebPage", "@id": "https://news.example.org/articles/story" },
      url: "https://news.example.org/articles/story",
      headline: "Article number 1",
      description: "Summary of article 1.",
      datePublished: "2024-02-29T23:00:00.000Z",
      dateModified: "2024-03-02T09:30:00.000Z",
      inLanguage: "en",
      author: { "@type": "Person", name: "Jane Roe" },
      publisher: {
        "@type": "Organization",
        name: "Fixture Media",
        url: "https://news.example.org",
        logo: { "@type": "ImageObject", url: "https://news.example.org/icon.svg" },
      },
    });
  });

  it("signs an article without a byline with the newsroom, as an organization", () => {
    expect(jsonOf(articleJsonLd({})).author).toEqual({ "@type": "Organization", name: "Fixture Desk" });
  });

  it("lists the article's images, an ImageObject with its size where the size is known, and has no image property when it has none", () => {
    const body = `<figure><img src="https://img.example/a.jpg" alt="a" width="10" height="5"><figcaption>A</figcaption></figure>

![b](/images/b.png)

<img alt="no source">`;
    expect(jsonOf(articleJsonLd({ slug: "pictures" }, body)).image).toEqual([
      { "@type": "ImageObject", url: "https://img.example/a.jpg", width: 10, height: 5 },
      "https://news.example.org/images/b.png",
    ]);
    expect(jsonOf(articleJsonLd({}))).not.toHaveProperty("image");
  });

  it("cannot be closed early by a </script> or <!-- in any value", () => {
    const title = `<script>alert(1)<!--<script>`;
    const element = articleJsonLd({ title, summary: "</SCRIPT >x", author: "a</script" });
    expect(elementsIn(element).map((e) => e.name)).toEqual(["script"]);
    expect(element.slice(OPEN.length, -CLOSE.length)).not.toContain("<");
    const json = jsonOf(element);
    expect(json.headline).toBe(title);
    expect(json.description).toBe("</SCRIPT >x");
  });

  it("is on the seed's AMP page, once", () => {
    const page = DOCUMENTS.get("/articles/ambassador-xing-suggests-linking-moon-xi-initiatives/amp")!.body;
    const scripts = elementsIn(page).filter((e) => e.name === "script" && e.attribs["type"] === "application/ld+json");
    expect(scripts).toHaveLength(1);
    const start = page.indexOf(OPEN);
    const json = jsonOf(page.slice(start, page.indexOf(CLOSE, start) + CLOSE.length));
    expect(json["@type"]).toBe("NewsArticle");
    expect(json.headline).toBe("Ambassador Xing suggests linking Moon-Xi diplomatic initiatives to bolster economic cooperation");
    expect(json.author).toEqual({ "@type": "Person", name: "Yi Whan-woo" });
    expect(json).not.toHaveProperty("image");
  });
});

describe("markup a page writes once and shows again", () => {
  it("a <time> is written for the language and zone asked, and for the instant its Date holds now", () => {
    const date = new Date("2024-03-01T20:00:00Z");
    expect(time(date, { language: "en", timeZone: "UTC" }).toString()).toBe('<time datetime="2024-03-01T20:00:00.000Z">March 1, 2024</time>');
    expect(time(date, { language: "en", timeZone: "Asia/Seoul" }).toString()).toContain(">March 2, 2024<");
    expect(time(date, { language: "fr", timeZone: "UTC" }).toString()).toContain(">1 mars 2024<");
    date.setTime(Date.parse("2025-01-05T00:00:00Z"));
    expect(time(date, { language: "fr", timeZone: "UTC" }).toString()).toBe('<time datetime="2025-01-05T00:00:00.000Z">5 janvier 2025</time>');
  });

  it("a feed body with a lead photo is the article's own", () => {
    const photo = { url: "https://a.example/p.jpg", width: 3, height: 2, alt: "A harbour", sources: [] };
    const first = { html: "<p>One</p>", image: photo };
    const second = { html: "<p>Two</p>", image: photo };
    expect(feedBody(first)).toBe(feedBody(first));
    expect(feedBody(first)).toMatch(/^<figure><img src="https:\/\/a\.example\/p\.jpg"[^>]*alt="A harbour"><\/figure>\n<p>One<\/p>$/);
    expect(feedBody(second).endsWith("\n<p>Two</p>")).toBe(true);
  });
});
