import { describe, expect, it } from "vitest";
import { fixtureCorpus, frontMatter } from "../support/corpus.ts";
import { renderJsonFeed } from "../support/site-feeds.ts";

describe("the JSON Feed's plain text fields", () => {
  it("write < as \\u003c, so no markup-shaped text is in the bytes, and parse to the text as written", () => {
    const hostile = fixtureCorpus([{ frontMatter: frontMatter(1, { title: "<script>alert(1)", summary: "<b>s", author: "<a>", tags: ["<t>"] }), body: "<p>kept</p>" }]);
    const document = renderJsonFeed(hostile);
    expect(document).not.toMatch(/<(script|b|a|t)>/);
    expect(document).toContain('"content_html": "<p>kept</p>"');
    const item = JSON.parse(document).items[0];
    expect([item.title, item.summary, item.authors[0].name, item.tags[0]]).toEqual(["<script>alert(1)", "<b>s", "<a>", "<t>"]);
  });
});
