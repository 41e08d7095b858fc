import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import type { Corpus } from "../../src/model.ts";
import { fixtureCorpus, frontMatter } from "../support/corpus.ts";
import { renderAtom, renderJsonFeed, renderRss } from "../support/site-feeds.ts";
import { expectedContent, parseWithEveryParser, type FeedFormat } from "../support/parsed-feeds.ts";
import { readableText } from "../support/text.ts";

// No end tag or character reference: a title that holds one is refused (src/build/plain-text.ts).
const HOSTILE_TITLE = "<title>x<script>alert(1)<b>bold & R&D <lab> ]]> twice ]]> ― 漢字 😀";
const HOSTILE_AUTHOR = "O'Brien & <Sons>";
const HOSTILE_BODY = "First ]]> then ]]> again; AT&T says 1 < 2 ― 한국어 中文 😀";

const RENDER: Record<FeedFormat, (corpus: Corpus) => string> = { rss: renderRss, atom: renderAtom, json: renderJsonFeed };

function hostileCorpus(): Corpus {
  return fixtureCorpus([{ frontMatter: frontMatter(1, { title: HOSTILE_TITLE, author: HOSTILE_AUTHOR }), body: HOSTILE_BODY }]);
}

describe.each(Object.keys(RENDER) as FeedFormat[])("hostile text in the %s feed", (format) => {
  it("round-trips the title, author and body exactly through every parser", () => {
    const corpus = hostileCorpus();
    const html = corpus.articles[0]!.html;
    expect(readableText(html)).toBe(HOSTILE_BODY);
    for (const [parser, items] of Object.entries(parseWithEveryParser(format, RENDER[format](corpus)))) {
      expect(items, parser).toHaveLength(1);
      expect(items[0]!.title, parser).toBe(HOSTILE_TITLE);
      expect(items[0]!.author, parser).toBe(HOSTILE_AUTHOR);
      expect(items[0]!.content, parser).toBe(expectedContent(items[0]!, html));
    }
  });
});

describe.each(["rss", "atom"] as const)("the %s document's structure under hostile text", (format) => {
  it("keeps exactly one item, one title per item and no injected element", () => {
    const tree = new XMLParser({ ignoreAttributes: false, isArray: () => true }).parse(RENDER[format](hostileCorpus()));
    const items = format === "rss" ? tree.rss[0].channel[0].item : tree.feed[0].entry;
    expect(items).toHaveLength(1);
    expect(items[0].title).toHaveLength(1);
    expect(JSON.stringify(tree)).not.toMatch(/"script"|"b":/);
  });
});
