import { readFileSync, existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DOCUMENTS } from "../support/documents.ts";
import { parseWithEveryParser, type FeedFormat } from "../support/parsed-feeds.ts";
import { foldWhitespace, readableText } from "../support/text.ts";

// The seed exactly as it was handed to us, kept in the repository so a fresh clone can check it.
const SEED_PATH = new URL("../fixtures/seed.txt", import.meta.url);
const SHARED_SEED = new URL("../../../shared/seed/000_df51065a16433f56.txt", import.meta.url);
const SLUG = "ambassador-xing-suggests-linking-moon-xi-initiatives";
const TITLE = "Ambassador Xing suggests linking Moon-Xi diplomatic initiatives to bolster economic cooperation";
const BYLINE = "By Yi Whan-woo";

/** Every line of the seed with words on it, less the scraper's empty image markers and cell bars. */
function seedLines(): string[] {
  return readFileSync(SEED_PATH, "utf8")
    .split("\n")
    .map((line) => foldWhitespace(line.replace(/\s*\|\s*$/, "")))
    .filter((line) => line !== "" && line !== "![]()");
}

function body(path: string): string {
  const resource = DOCUMENTS.get(path);
  if (!resource) throw new Error(`nothing is served at ${path}`);
  return resource.body;
}

describe("the seed article, word for word", () => {
  it("is the file the newsroom handed over", () => {
    if (!existsSync(SHARED_SEED)) return; // outside the workspace only the repository copy exists
    expect(readFileSync(SEED_PATH, "utf8")).toBe(readFileSync(SHARED_SEED, "utf8"));
  });

  it("has its headline and byline where they belong", () => {
    const lines = seedLines();
    expect(lines).toContain(TITLE);
    expect(lines).toContain(BYLINE);
    expect(lines.length).toBeGreaterThan(30);
  });

  it.each<FeedFormat>(["rss", "atom", "json"])("appears whole in the %s feed, by every parser", (format) => {
    const path = { rss: "/feed.xml", atom: "/atom.xml", json: "/feed.json" }[format];
    for (const [parser, items] of Object.entries(parseWithEveryParser(format, body(path)))) {
      const item = items.find((i) => i.link.endsWith(`/articles/${SLUG}`));
      expect(item, parser).toBeDefined();
      const text = readableText(item!.content);
      for (const line of seedLines()) {
        if (line === TITLE) expect(item!.title, parser).toBe(TITLE);
        else if (line === BYLINE) expect(item!.author, parser).toBe("Yi Whan-woo");
        else expect(text, `${parser}: ${line}`).toContain(line);
      }
    }
  });

  it("appears whole on the article page, headline and byline included", () => {
    const text = readableText(body(`/articles/${SLUG}`));
    for (const line of seedLines()) expect(text, line).toContain(line);
  });

  it("keeps the subheading a subheading and every caption with its credit, with no empty image", () => {
    const page = body(`/articles/${SLUG}`);
    expect(page).toContain("<h2>Linkage of diplomatic initiatives</h2>");
    expect(page.match(/<figcaption>/g)).toHaveLength(3);
    expect(page.match(/<span class="credit">Korea Times photo by Choi Won-suk<\/span>/g)).toHaveLength(2);
    expect(page).toContain('<span class="credit">Yonhap</span>');
    for (const path of [`/articles/${SLUG}`, "/feed.xml", "/atom.xml", "/feed.json"]) {
      expect(body(path), path).not.toMatch(/<img(?![^>]*src="https?:\/\/)/);
    }
  });

  it("appears whole on the AMP page, headline and byline included", () => {
    const text = readableText(body(`/articles/${SLUG}/amp`));
    for (const line of seedLines()) expect(text, line).toContain(line);
  });

  it("keeps on the AMP page the subheading and every caption with its credit, and no image without a source", () => {
    const page = body(`/articles/${SLUG}/amp`);
    expect(page).toContain("<h2>Linkage of diplomatic initiatives</h2>");
    expect(page.match(/<figcaption>/g)).toHaveLength(3);
    expect(page.match(/<span class="credit">Korea Times photo by Choi Won-suk<\/span>/g)).toHaveLength(2);
    expect(page).toContain('<span class="credit">Yonhap</span>');
    expect(page).not.toMatch(/<(amp-)?img\b/);
  });
});
