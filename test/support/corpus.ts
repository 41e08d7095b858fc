import { buildCorpus, type SourceFile } from "../../src/build/content.ts";
import type { SiteInput } from "../../src/build/schema.ts";
import type { Corpus } from "../../src/model.ts";

export const FIXTURE_SITE: SiteInput = {
  title: "Fixture Times",
  description: "A site made up for tests.",
  url: "https://news.example.org",
  language: "en",
  publisher: { name: "Fixture Media", url: "https://news.example.org" },
  icon: "/icon.svg",
  defaultAuthor: "Fixture Desk",
  timeZone: "UTC",
  feedItems: 50,
};

export interface FixtureArticle {
  file?: string;
  frontMatter: Record<string, unknown> | string;
  body: string;
}

/** An article file as an author would write it: YAML front matter, then Markdown. */
export function articleFile({ file, frontMatter, body }: FixtureArticle, index = 0): SourceFile {
  const yaml =
    typeof frontMatter === "string"
      ? frontMatter
      : Object.entries(frontMatter)
          .filter(([, value]) => value !== undefined)
          .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
          .join("\n");
  return { path: file ?? `articles/article-${index}.md`, bytes: new TextEncoder().encode(`---\n${yaml}\n---\n\n${body}\n`) };
}

/** A valid article's front matter, numbered so that each call gives a distinct slug and date. */
export function frontMatter(n: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const day = String((n % 28) + 1).padStart(2, "0");
  const month = String((Math.floor(n / 28) % 12) + 1).padStart(2, "0");
  return {
    title: `Article number ${n}`,
    slug: `article-${n}`,
    published: `2024-${month}-${day}T08:00:00Z`,
    summary: `Summary of article ${n}.`,
    tags: ["Tests"],
    ...overrides,
  };
}

export function fixtureCorpus(articles: FixtureArticle[], site: Partial<SiteInput> = {}): Corpus {
  return buildCorpus({ ...FIXTURE_SITE, ...site }, articles.map(articleFile));
}
