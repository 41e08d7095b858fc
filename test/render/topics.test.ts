import { XMLParser, XMLValidator } from "fast-xml-parser";
import { getPath } from "hono/utils/url";
import { describe, expect, it } from "vitest";
import { ContentError } from "../../src/build/content.ts";
import { renderDocuments } from "../../src/build/documents.ts";
import { prepareDocument } from "../../src/http/serve.ts";
import { topicSlug } from "../../src/topics.ts";
import { fixtureCorpus, frontMatter } from "../support/corpus.ts";
import { feedLinks, servedPath } from "../support/feed-links.ts";
import { parseWithEveryParser, type FeedFormat } from "../support/parsed-feeds.ts";
import { readableText } from "../support/text.ts";

const TOPIC_FEEDS: Record<FeedFormat, string> = { rss: "feed.xml", atom: "atom.xml", json: "feed.json" };
const FORMATS = Object.keys(TOPIC_FEEDS) as FeedFormat[];
/** Headers only: these tests never read a body. */
const NO_BODY = { kept: () => undefined, load: () => Promise.resolve(new Blob()) };

describe("a tag's slug", () => {
  it.each([
    ["South Korea", "south-korea"],
    ["  south   KOREA ", "south-korea"],
    ["ＳＯＵＴＨ Korea", "south-korea"],
    ["South-Korea!", "south-korea"],
    ["Trade & Tariffs", "trade-tariffs"],
    ["STRASSE", "strasse"],
    ["Straße", "strasse"],
    ["Café", "café"],
    ["Cafe\u0301", "café"],
    ["외교", "외교"],
    ["COVID-19", "covid-19"],
  ])("of %j is %j", (tag, slug) => {
    expect(topicSlug(tag)).toBe(slug);
  });

  it("must not be empty: a tag with no letter or digit is reported with its file", () => {
    expect(() => fixtureCorpus([{ frontMatter: frontMatter(1, { tags: ["Fine", "!!!"] }), body: "x" }])).toThrow(ContentError);
    expect(() => fixtureCorpus([{ frontMatter: frontMatter(1, { tags: ["Fine", "!!!"] }), body: "x" }])).toThrow(/article-0\.md › tags\.1: must contain a letter or a digit/);
  });
});

/** Three articles: two spell one tag two ways, the oldest spells it first; one has a Korean tag. */
function taggedSite() {
  const corpus = fixtureCorpus([
    { frontMatter: frontMatter(1, { published: "2024-01-01T00:00:00Z", tags: ["South Korea", "Trade & Tariffs"] }), body: "Oldest." },
    { frontMatter: frontMatter(2, { published: "2024-02-01T00:00:00Z", tags: ["south  korea", "외교"] }), body: "Middle." },
    { frontMatter: frontMatter(3, { published: "2024-03-01T00:00:00Z", tags: ["Weather"] }), body: "Newest." },
  ]);
  return { corpus, resources: renderDocuments(corpus, { icon: "<svg/>" }) };
}

function served(resources: ReadonlyMap<string, { body: string }>, url: string): string {
  const resource = resources.get(servedPath(url));
  if (!resource) throw new Error(`${url} is linked but not served`);
  return resource.body;
}

describe.each(FORMATS)("the %s topic feed", (format) => {
  const { resources } = taggedSite();
  const document = resources.get(`/tags/south-korea/${TOPIC_FEEDS[format]}`)!.body;

  it("holds every article of the tag under either spelling, and nothing else, newest first", () => {
    for (const [parser, items] of Object.entries(parseWithEveryParser(format, document))) {
      expect(items.map((i) => i.link.split("/").pop()), parser).toEqual(["article-2", "article-1"]);
    }
  });

  it("has its own title, named by the first spelling, and its own absolute self link", () => {
    const title = format === "json" ? JSON.parse(document).title : /<title>([^<]*)<\/title>/.exec(document)![1];
    expect(title).toBe("South Korea · Fixture Times");
    expect(feedLinks(format, document).self).toBe(`https://news.example.org/tags/south-korea/${TOPIC_FEEDS[format]}`);
  });

  it("is valid for its format", () => {
    if (format === "json") expect(JSON.parse(document).version).toBe("https://jsonfeed.org/version/1.1");
    else expect(XMLValidator.validate(document)).toBe(true);
  });

  it("percent-encodes a non-ASCII slug in links, and is served where the Worker looks the encoded path up", () => {
    const url = `https://news.example.org/tags/${encodeURIComponent("외교")}/${TOPIC_FEEDS[format]}`;
    const korean = served(resources, url);
    expect(feedLinks(format, korean).self).toBe(url);
    // Hono decodes the request path before the Worker looks it up in the generated map.
    expect(resources.has(getPath(new Request(url)))).toBe(true);
  });
});

describe("a hostile tag name", () => {
  const TAG = `<title><script>alert(1) & "Tom's" ]]>`;
  const resources = renderDocuments(fixtureCorpus([{ frontMatter: frontMatter(1, { tags: [TAG] }), body: "x" }]), { icon: "<svg/>" });
  const base = "/tags/title-script-alert-1-tom-s";

  it.each(FORMATS)("is the %s topic feed's title as text, in a well-formed document", (format) => {
    const document = resources.get(`${base}/${TOPIC_FEEDS[format]}`)!.body;
    if (format === "json") return expect(JSON.parse(document).title).toBe(`${TAG} · Fixture Times`);
    expect(XMLValidator.validate(document)).toBe(true);
    const tree = new XMLParser().parse(document);
    expect(format === "rss" ? tree.rss.channel.title : tree.feed.title).toBe(`${TAG} · Fixture Times`);
  });

  it("is text on the index page and in the article page's autodiscovery titles, never markup", () => {
    expect(readableText(/<section class="topics">[\s\S]*?<\/section>/.exec(resources.get("/")!.body)![0])).toContain(TAG);
    const page = resources.get("/articles/article-1")!.body;
    expect(page).not.toContain("<script>");
    expect(page).toContain('title="&lt;title&gt;&lt;script&gt;alert(1) &amp; &quot;Tom&#39;s&quot; ]]&gt; · Fixture Times (Atom)"');
  });
});

describe("the atom topic feed's id", () => {
  it("differs from the site feed's and from every other topic's", () => {
    const { resources } = taggedSite();
    const ids = [...resources].filter(([path]) => path.endsWith("/atom.xml")).map(([, r]) => /<id>([^<]*)<\/id>/.exec(r.body)![1]);
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
  });
});

describe("topic links on pages", () => {
  it("list every topic on the index page with its three feeds, each one served", () => {
    const { resources } = taggedSite();
    const index = resources.get("/")!.body;
    const topics = /<section class="topics">([\s\S]*?)<\/section>/.exec(index)![1]!;
    const hrefs = [...topics.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    expect(hrefs).toHaveLength(4 * 4); // each topic's page, then its three feeds
    for (const href of hrefs) served(resources, href);
    expect(topics).toContain("South Korea");
    expect(topics).not.toContain("south  korea");
  });

  it("announce on an article's page the feeds of its topics, and of no other", () => {
    const { resources } = taggedSite();
    const page = resources.get("/articles/article-2")!.body;
    const alternates = [...page.matchAll(/<link rel="alternate" type="[^"]*" title="[^"]*" href="([^"]*)">/g)].map((m) => m[1]!);
    const topicFeeds = alternates.filter((href) => href.includes("/tags/"));
    expect(topicFeeds.map((href) => servedPath(href)).sort()).toEqual(
      ["/tags/south-korea/", "/tags/외교/"].flatMap((base) => Object.values(TOPIC_FEEDS).map((file) => base + file)).sort(),
    );
    for (const href of topicFeeds) served(resources, href);
  });
});

describe("WebSub hub links", () => {
  const hub = "https://hub.example.net/";
  const withHub = renderDocuments(
    fixtureCorpus(Array.from({ length: 3 }, (_, n) => ({ frontMatter: frontMatter(n, { tags: ["Tests"] }), body: "x" })), { hub, feedItems: 2 }),
    { icon: "<svg/>" },
  );

  it.each(FORMATS)("are announced by every %s subscription document, site and topic, when a hub is configured", (format) => {
    for (const path of [`/${TOPIC_FEEDS[format]}`, `/tags/tests/${TOPIC_FEEDS[format]}`]) {
      expect(feedLinks(format, withHub.get(path)!.body).hubs, path).toEqual([hub]);
    }
    expect(JSON.stringify(feedLinks(format, withHub.get(`/archive/2/1/${TOPIC_FEEDS[format]}`)!.body).hubs)).toBe("[]");
  });

  it.each(FORMATS)("are absent from the %s feed when no hub is configured", (format) => {
    const { resources } = taggedSite();
    expect(feedLinks(format, resources.get(`/${TOPIC_FEEDS[format]}`)!.body).hubs).toEqual([]);
  });

  it.each(FORMATS)("are also sent as Link headers with the %s subscription document's self URL (WebSub discovery)", (format) => {
    for (const path of [`/${TOPIC_FEEDS[format]}`, `/tags/tests/${TOPIC_FEEDS[format]}`]) {
      const headers = new Headers(prepareDocument(withHub.get(path)!, NO_BODY).ok);
      expect(headers.get("link"), path).toBe(`<${hub}>; rel="hub", <https://news.example.org${path}>; rel="self"`);
    }
    expect(new Headers(prepareDocument(withHub.get(`/archive/2/1/${TOPIC_FEEDS[format]}`)!, NO_BODY).ok).has("link")).toBe(false);
    expect(new Headers(prepareDocument(taggedSite().resources.get(`/${TOPIC_FEEDS[format]}`)!, NO_BODY).ok).has("link")).toBe(false);
  });

  it("declares the JSON Feed hub as WebSub", () => {
    expect(JSON.parse(withHub.get("/feed.json")!.body).hubs).toEqual([{ type: "WebSub", url: hub }]);
  });
});
