import { describe, expect, it } from "vitest";
import { renderDocuments } from "../../src/build/documents.ts";
import { listingPages } from "../../src/pagination.ts";
import type { RenderedDocument } from "../../src/store/document.ts";
import { fixtureCorpus, frontMatter } from "../support/corpus.ts";
import { servedPath } from "../support/feed-links.ts";
import { htmlProblems } from "../support/html-validator.ts";

const SITE = "https://news.example.org";

/** `count` articles, one a day from 2020-01-01, numbered oldest first; every third also tagged "Odd Topic". */
function dailyArticles(count: number, from = 0) {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    const published = new Date(Date.UTC(2020, 0, 1 + n, 8)).toISOString();
    return { frontMatter: frontMatter(n, { published, tags: n % 3 === 0 ? ["Every", "Odd Topic"] : ["Every"] }), body: `Body of article ${n}.` };
  });
}

const site = (count: number) => renderDocuments(fixtureCorpus(dailyArticles(count)), { icon: "<svg/>" });

const linkRel = (page: string, rel: string) => [...page.matchAll(/<link rel="(prev|next)" href="([^"]*)">/g)].find((m) => m[1] === rel)?.[2];
const teasers = (page: string) => [...page.matchAll(/<h3><a href="([^"]*)">/g)].map((m) => m[1]!);

/** Follows rel="next" from a first page to the last, collecting each page's path and article links. */
function walk(resources: Map<string, RenderedDocument>, first: string): { paths: string[]; articles: string[] } {
  const paths: string[] = [];
  const articles: string[] = [];
  for (let path: string | undefined = first; path !== undefined; ) {
    const resource = resources.get(path);
    if (!resource) throw new Error(`${path} is linked but not served`);
    paths.push(path);
    articles.push(...teasers(resource.body));
    const next = linkRel(resource.body, "next");
    if (next) expect(servedPath(linkRel(resources.get(servedPath(next))!.body, "prev")!), `${next} leads back`).toBe(path);
    path = next === undefined ? undefined : servedPath(next);
  }
  return { paths, articles };
}

const articleUrl = (n: number) => `${SITE}/articles/article-${n}`;
const newestFirst = (numbers: number[]) => [...numbers].sort((a, b) => b - a).map(articleUrl);

describe("listingPages", () => {
  it.each([0, 1, 49, 50, 99, 100, 149, 150, 151, 1234])("puts each of %i articles on exactly one page, newest first", (count) => {
    const articles = fixtureCorpus(dailyArticles(Math.max(count, 1))).articles;
    const pages = listingPages(articles);
    expect(pages.flatMap((page) => page.articles)).toEqual(articles);
    const [first, ...numbered] = pages;
    expect(first!.number).toBeUndefined();
    for (const page of numbered) expect(page.articles).toHaveLength(50);
    if (articles.length >= 50) expect(first!.articles.length).toBeGreaterThanOrEqual(50);
    expect(first!.articles.length).toBeLessThan(100);
  });

  it("numbers pages from the oldest, so that a new article never moves another to a different page", () => {
    const before = fixtureCorpus(dailyArticles(170)).articles;
    const after = fixtureCorpus(dailyArticles(171)).articles;
    const byNumber = (articles: typeof before) => new Map(listingPages(articles).map((page) => [page.number, page.articles.map((a) => a.slug)]));
    const [older, newer] = [byNumber(before), byNumber(after)];
    for (const [number, slugs] of older) if (number !== undefined) expect(newer.get(number)).toEqual(slugs);
  });

  it("marks final only a page that already has a newer numbered page", () => {
    const pages = listingPages(fixtureCorpus(dailyArticles(230)).articles);
    expect(pages.map((page) => [page.number, page.final])).toEqual([
      [undefined, false],
      [3, false],
      [2, true],
      [1, true],
    ]);
  });
});

describe("index pages", () => {
  it("lead from / through rel=next to every article, newest first, each once, and back by rel=prev", () => {
    const resources = site(230);
    const { paths, articles } = walk(resources, "/");
    expect(paths).toEqual(["/", "/page/3", "/page/2", "/page/1"]);
    expect(articles).toEqual(newestFirst(Array.from({ length: 230 }, (_, n) => n)));
  });

  it("show visible Newer and Older links with the same rel values", () => {
    const page = site(230).get("/page/2")!.body;
    expect(page).toContain(`<a rel="prev" href="${SITE}/page/3">Newer articles</a>`);
    expect(page).toContain(`<a rel="next" href="${SITE}/page/1">Older articles</a>`);
    expect(page).toContain(`<link rel="canonical" href="${SITE}/page/2">`);
  });

  it("have no pagination at all while every article fits on the first", () => {
    const resources = site(60);
    expect([...resources.keys()].filter((path) => path.includes("/page/"))).toEqual([]);
    expect(resources.get("/")!.body).not.toMatch(/rel="(next|prev)"/);
  });

  it("cache a page as immutable once it is final, and it then keeps its bytes when articles are added", () => {
    const before = site(230);
    const after = renderDocuments(fixtureCorpus([...dailyArticles(230), ...dailyArticles(60, 230)]), { icon: "<svg/>" });
    expect(["/", "/page/3", "/page/2", "/page/1"].map((path) => before.get(path)!.cacheClass)).toEqual(["index", "index", "archive", "archive"]);
    for (const path of ["/page/2", "/page/1"]) expect(after.get(path), path).toEqual(before.get(path));
    expect(after.get("/page/3")!.body).not.toBe(before.get("/page/3")!.body); // it gained its link to /page/4
  });
});

describe("topic pages", () => {
  const resources = site(230);

  it("list the topic's articles newest first, paginated like the index", () => {
    const every = walk(resources, "/tags/every");
    expect(every.paths).toEqual(["/tags/every", "/tags/every/page/3", "/tags/every/page/2", "/tags/every/page/1"]);
    expect(every.articles).toEqual(newestFirst(Array.from({ length: 230 }, (_, n) => n)));
    const odd = walk(resources, "/tags/odd-topic");
    expect(odd.articles).toEqual(newestFirst(Array.from({ length: 230 }, (_, n) => n).filter((n) => n % 3 === 0)));
    expect(resources.get("/tags/every/page/1")!.cacheClass).toBe("archive");
    expect(resources.get("/tags/odd-topic")!.cacheClass).toBe("index");
  });

  it("announce and list the topic's three feeds, each one served", () => {
    const page = resources.get("/tags/odd-topic")!.body;
    const alternates = [...page.matchAll(/<link rel="alternate" type="([^"]*)" title="([^"]*)" href="([^"]*)">/g)].filter((m) => m[3]!.includes("/tags/"));
    expect(alternates.map((m) => [m[1], m[2], servedPath(m[3]!)])).toEqual([
      ["application/rss+xml", "Odd Topic · Fixture Times (RSS)", "/tags/odd-topic/feed.xml"],
      ["application/atom+xml", "Odd Topic · Fixture Times (Atom)", "/tags/odd-topic/atom.xml"],
      ["application/feed+json", "Odd Topic · Fixture Times (JSON Feed)", "/tags/odd-topic/feed.json"],
    ]);
    for (const [, , , href] of alternates) expect(page).toContain(`<a class="feed-url" href="${href}">`);
    for (const [, , , href] of alternates) expect(resources.has(servedPath(href!))).toBe(true);
  });

  it("are linked from the index's topic list and from every article's topics", () => {
    const index = resources.get("/")!.body;
    expect(index).toContain(`<a href="${SITE}/tags/odd-topic">Odd Topic</a>`);
    const article = resources.get("/articles/article-3")!.body;
    expect(article).toMatch(new RegExp(`<p class="tags">Topics: <a href="${SITE}/tags/every">Every</a>, <a href="${SITE}/tags/odd-topic">Odd Topic</a></p>`));
  });

  it("pass html-validate, as every index and topic page does", async () => {
    const pages = [...resources].filter(([path]) => path === "/" || path.startsWith("/page/") || (path.startsWith("/tags/") && !/\.(xml|json)$/.test(path)));
    expect(pages.length).toBe(4 + 4 + 1);
    for (const [path, { body }] of pages) expect(await htmlProblems(body, path), path).toEqual([]);
  });
});
