import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RenderedDocument } from "../../src/store/document.ts";
import { validateAmp } from "../support/amp-validator.ts";
import { elementsIn, type Element } from "../support/elements.ts";
import { htmlProblems } from "../support/html-validator.ts";
import { parseWithEveryParser } from "../support/parsed-feeds.ts";
import { buildPhotoSite, FIGURE, LEAD, photoSite, RAW_FIGURE, SLUG } from "../support/photo-site.ts";
import { loadDocuments, type GeneratedModule } from "../support/stored-documents.ts";
import { fixtureCorpus, frontMatter } from "../support/corpus.ts";
import { renderAtom, renderJsonFeed, renderRss } from "../support/site-feeds.ts";
import { renderArticlePage } from "../../src/render/article-page.ts";

/** The photo site (test/support/photo-site.ts), built by the real build into a folder of this file's own. */
const site = photoSite(mkdtempSync(join(tmpdir(), "edgefeed-photo-site-")));
let documents: Map<string, RenderedDocument>;
const ORIGIN = "https://news.example.org";

beforeAll(async () => {
  await buildPhotoSite(site);
  const module = (await import(pathToFileURL(join(site.outputDir, "documents.ts")).href)) as GeneratedModule;
  documents = await loadDocuments(module, readFileSync(join(site.outputDir, "text.bin")), readFileSync(join(site.outputDir, "ranges.bin")));
}, 120_000);
afterAll(() => rmSync(site.dir, { recursive: true, force: true }));

const body = (path: string) => documents.get(path)!.body;
const named = (elements: Element[], name: string) => elements.filter((e) => e.name === name);

/** Every URL of a srcset. */
const candidates = (srcset: string) => srcset.split(",").map((c) => c.trim().split(/\s+/));

/** A URL the build points at: absolute, on the site, under /media/, and a file in the assets folder of the size it claims. */
async function expectServedPhoto(url: string, width?: number): Promise<void> {
  expect(url).toMatch(new RegExp(`^${ORIGIN}/media/[a-z0-9-]+-\\d+-[0-9a-f]{12}\\.(jpg|png|webp)$`));
  const file = join(site.assetsDir, new URL(url).pathname);
  expect(existsSync(file), url).toBe(true);
  if (width !== undefined) expect((await sharp(file).metadata()).width, url).toBe(width);
}

/** Checks an <img>/<amp-img>'s src, width, height and every srcset candidate against the files. */
async function expectSizedImage({ attribs }: Element, expected: { alt: string; width: number; height: number }): Promise<void> {
  expect({ alt: attribs["alt"], width: attribs["width"], height: attribs["height"] }).toEqual({
    alt: expected.alt,
    width: String(Math.min(expected.width, 1600)),
    height: String(Math.round((Math.min(expected.width, 1600) * expected.height) / expected.width)),
  });
  await expectServedPhoto(attribs["src"]!, Number(attribs["width"]));
  for (const [url, w] of candidates(attribs["srcset"]!)) await expectServedPhoto(url!, Number(w!.slice(0, -1)));
}

describe("an article with photos, in every output", () => {
  it("the page: the lead photo in the header with caption and credit, fetched first; body photos sized, responsive and lazy", async () => {
    const page = body(`/articles/${SLUG}`);
    const headerEnd = page.indexOf("</header>", page.indexOf("<article>"));
    const header = page.slice(page.indexOf("<article>"), headerEnd);
    const [lead] = named(elementsIn(header), "img");
    await expectSizedImage(lead!, LEAD);
    expect(lead!.attribs).toMatchObject({ sizes: expect.any(String), fetchpriority: "high" });
    expect(lead!.attribs["loading"]).toBeUndefined();
    expect(header).toContain(`<figcaption>${LEAD.caption} <span class="credit">${LEAD.credit}</span></figcaption>`);
    // WebP first, for browsers that take it.
    const [webp] = named(elementsIn(header), "source");
    expect(webp!.attribs["type"]).toBe("image/webp");
    for (const [url] of candidates(webp!.attribs["srcset"]!)) await expectServedPhoto(url!);

    const rest = page.slice(headerEnd);
    const figures = named(elementsIn(rest), "img");
    expect(figures.length).toBe(2);
    await expectSizedImage(figures[0]!, FIGURE);
    await expectSizedImage(figures[1]!, RAW_FIGURE);
    for (const { attribs } of figures) expect(attribs).toMatchObject({ loading: "lazy", decoding: "async", sizes: expect.any(String) });
    expect(rest).toContain(`<figcaption>${FIGURE.caption}</figcaption>`);
    expect(await htmlProblems(page, "photo page")).toEqual([]);
  });

  it("the page's previews: og:image absolute with its size and alt, a large Twitter card, JSON-LD ImageObjects", async () => {
    const page = body(`/articles/${SLUG}`);
    const meta = Object.fromEntries(named(elementsIn(page), "meta").map(({ attribs }) => [attribs["property"] ?? attribs["name"], attribs["content"]]));
    await expectServedPhoto(meta["og:image"]!, LEAD.width);
    expect(meta).toMatchObject({
      "og:image:width": String(LEAD.width),
      "og:image:height": String(LEAD.height),
      "og:image:alt": LEAD.alt,
      "og:image:type": "image/jpeg",
      "twitter:card": "summary_large_image",
      "twitter:image": meta["og:image"],
    });
    const jsonLd = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page)![1]!) as { image: Record<string, unknown>[] };
    expect(jsonLd.image).toEqual([
      { "@type": "ImageObject", url: meta["og:image"], width: LEAD.width, height: LEAD.height, caption: LEAD.caption, creditText: LEAD.credit },
      { "@type": "ImageObject", url: expect.stringMatching(/crane-900-/), width: FIGURE.width, height: FIGURE.height },
      { "@type": "ImageObject", url: expect.stringMatching(/office-640-/), width: RAW_FIGURE.width, height: RAW_FIGURE.height },
    ]);
  });

  it("the AMP page: every photo a responsive amp-img with its size and srcset, and the official validator passes", async () => {
    const amp = body(`/articles/${SLUG}/amp`);
    const images = named(elementsIn(amp), "amp-img");
    expect(images.length).toBe(3);
    await expectSizedImage(images[0]!, LEAD);
    await expectSizedImage(images[1]!, FIGURE);
    await expectSizedImage(images[2]!, RAW_FIGURE);
    for (const { attribs } of images) expect(attribs["layout"]).toBe("responsive");
    expect(amp).toContain(`<figcaption>${LEAD.caption} <span class="credit">${LEAD.credit}</span></figcaption>`);
    expect(await validateAmp(amp)).toEqual({ status: "PASS", errors: [], warnings: [] });
  });

  it("the index: a thumbnail beside the article, sized, decorative (the headline is the link)", async () => {
    const index = body("/");
    const teaser = index.slice(index.indexOf('<ol class="articles">'), index.indexOf("</ol>"));
    const [thumb] = named(elementsIn(teaser), "img");
    expect(thumb!.attribs).toMatchObject({ alt: "", width: String(LEAD.width), height: String(LEAD.height), loading: "lazy" });
    await expectServedPhoto(thumb!.attribs["src"]!, LEAD.width);
    expect(await htmlProblems(index, "index with a thumbnail")).toEqual([]);
  });

  it("JSON Feed: the lead photo as the item's image, every photo in content_html, absolute and sized; two parsers agree", async () => {
    const document = body("/feed.json");
    const item = (JSON.parse(document) as { items: Record<string, string>[] }).items[0]!;
    await expectServedPhoto(item["image"]!, LEAD.width);
    const images = named(elementsIn(item["content_html"]!), "img");
    expect(images.map((i) => i.attribs["alt"])).toEqual([LEAD.alt, FIGURE.alt, RAW_FIGURE.alt]);
    await expectSizedImage(images[0]!, LEAD);
    await expectSizedImage(images[1]!, FIGURE);
    await expectSizedImage(images[2]!, RAW_FIGURE);
    for (const [parser, items] of Object.entries(parseWithEveryParser("json", document))) {
      expect(items[0]!.images, parser).toEqual([{ url: item["image"] }]);
      expect(items[0]!.content, parser).toContain(item["image"]!);
    }
  });

  it.each([
    ["RSS", "rss", "/feed.xml"],
    ["Atom", "atom", "/atom.xml"],
  ] as const)("%s: the lead photo as an enclosure with its true byte length and type; every photo in the content, absolute and sized; two parsers agree", async (_, format, path) => {
    const document = body(path);
    const pageLead = named(elementsIn(body(`/articles/${SLUG}`)), "meta").find((m) => m.attribs["property"] === "og:image")!.attribs["content"]!;
    const bytes = readFileSync(join(site.assetsDir, new URL(pageLead).pathname)).length;
    for (const [parser, items] of Object.entries(parseWithEveryParser(format, document))) {
      const [item] = items;
      expect(item!.images.length, parser).toBeGreaterThan(0);
      for (const image of item!.images) {
        expect(image.url, parser).toBe(pageLead);
        if (image.type !== undefined) expect(image.type, parser).toBe("image/jpeg");
        if (image.length !== undefined) expect(image.length, parser).toBe(bytes);
      }
      const images = named(elementsIn(item!.content), "img");
      expect(images.map((i) => i.attribs["alt"]), parser).toEqual([LEAD.alt, FIGURE.alt, RAW_FIGURE.alt]);
      await expectSizedImage(images[0]!, LEAD);
      await expectSizedImage(images[1]!, FIGURE);
      await expectSizedImage(images[2]!, RAW_FIGURE);
    }
    if (format === "rss") {
      // Media RSS, its namespace declared: the photo's size, type, caption and credit.
      expect(document).toMatch(/<rss [^>]*xmlns:media="http:\/\/search\.yahoo\.com\/mrss\/"/);
      // (elementsIn is an HTML parser: it lowercases fileSize.)
      const content = named(elementsIn(document), "media:content")[0]!.attribs;
      expect(content).toEqual({ url: pageLead, medium: "image", type: "image/jpeg", filesize: String(bytes), width: String(LEAD.width), height: String(LEAD.height) });
      expect(document).toContain(` fileSize="${bytes}"`);
      expect(document).toContain(`<media:description type="plain">${LEAD.caption}</media:description>`);
      expect(document).toContain(`<media:credit>${LEAD.credit}</media:credit>`);
      expect(named(elementsIn(document), "enclosure")[0]!.attribs).toEqual({ url: pageLead, type: "image/jpeg", length: String(bytes) });
    } else {
      expect(named(elementsIn(document), "link").filter((l) => l.attribs["rel"] === "enclosure").map((l) => l.attribs)).toEqual([
        { rel: "enclosure", href: pageLead, type: "image/jpeg", length: String(bytes) },
      ]);
    }
  });
});

describe("a remote lead photo (an https URL with its size)", () => {
  const REMOTE = { src: "https://img.example/harbour.jpg?w=1200&h=800", alt: "The harbour", caption: "Dawn.", credit: "Wire", width: 1200, height: 800 };
  const corpus = () => fixtureCorpus([{ frontMatter: frontMatter(1, { image: REMOTE }), body: "Text." }]);

  it("is in every feed where its format keeps a picture, without an enclosure length the build cannot know", () => {
    const rss = renderRss(corpus());
    expect(rss).toMatch(/<rss [^>]*xmlns:media=/);
    expect(named(elementsIn(rss), "media:content")[0]!.attribs).toEqual({ url: REMOTE.src, medium: "image", type: "image/jpeg", width: "1200", height: "800" });
    // RSS 2.0 requires an enclosure's length: none is invented.
    expect(named(elementsIn(rss), "enclosure")).toEqual([]);
    const atom = renderAtom(corpus());
    expect(named(elementsIn(atom), "link").filter((l) => l.attribs["rel"] === "enclosure").map((l) => l.attribs)).toEqual([
      { rel: "enclosure", href: REMOTE.src, type: "image/jpeg" },
    ]);
    expect((JSON.parse(renderJsonFeed(corpus())) as { items: { image: string }[] }).items[0]!.image).toBe(REMOTE.src);
    for (const format of ["rss", "atom", "json"] as const) {
      const document = format === "rss" ? rss : format === "atom" ? atom : renderJsonFeed(corpus());
      for (const [parser, items] of Object.entries(parseWithEveryParser(format, document))) {
        expect(items[0]!.images.map((i) => i.url), `${format} ${parser}`).toContain(REMOTE.src);
      }
    }
  });

  it("leads the page with its size, and previews it", () => {
    const article = corpus().articles[0]!;
    const page = renderArticlePage(corpus().site, article);
    const [img] = named(elementsIn(page), "img");
    expect(img!.attribs).toMatchObject({ src: REMOTE.src, width: "1200", height: "800", alt: REMOTE.alt });
    expect(page).toContain(`<meta property="og:image" content="${REMOTE.src.replace("&", "&amp;")}">`);
    expect(page).toContain('<meta name="twitter:card" content="summary_large_image">');
  });
});
