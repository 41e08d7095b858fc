import type { Article, Corpus } from "../model.ts";

/**
 * What `npm run new` writes for the author to replace (scripts/new-article.ts): the build warns
 * while they remain, and `npm run deploy` refuses to publish them (scripts/deploy-check.ts).
 */
export const PLACEHOLDER_SUMMARY = "One or two sentences for feed readers and the index page.";
export const PLACEHOLDER_BODY = 'Write the article here, in Markdown. A subheading is a line starting with "## ".';

/** One article still carrying text `npm run new` wrote for its author to replace. */
export interface Placeholder {
  /** The content file, relative to the content folder. */
  source: string;
  field: "summary" | "body";
}

/** Every placeholder left in the corpus, in article order. */
export function placeholdersIn(corpus: Corpus): Placeholder[] {
  return corpus.articles.flatMap((article): Placeholder[] => [
    ...(article.summary === PLACEHOLDER_SUMMARY ? [{ source: article.source, field: "summary" as const }] : []),
    ...(hasPlaceholderBody(article) ? [{ source: article.source, field: "body" as const }] : []),
  ]);
}

/** One line per placeholder, each saying what to do. */
export function describePlaceholders(placeholders: readonly Placeholder[]): string {
  return placeholders
    .map(({ source, field }) =>
      field === "summary"
        ? `  ${source} › summary: is still the placeholder "${PLACEHOLDER_SUMMARY}": write one or two sentences about this article`
        : `  ${source} › body: still has the placeholder line "${PLACEHOLDER_BODY}": replace it with the article`,
    )
    .join("\n");
}

function hasPlaceholderBody(article: Article): boolean {
  // The body is HTML by now; the placeholder's first sentence survives Markdown unchanged.
  return article.html.includes(PLACEHOLDER_BODY.slice(0, PLACEHOLDER_BODY.indexOf(".") + 1));
}
