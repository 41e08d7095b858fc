import type { Article, Corpus } from "../model.ts";
import type { Problem } from "./content.ts";

/**
 * What `npm run new` writes for the author to replace (scripts/new-article.ts): the build warns
 * while they remain, and `npm run deploy` refuses to publish them (scripts/deploy-check.ts).
 */
export const PLACEHOLDER_SUMMARY = "One or two sentences for feed readers and the index page.";
export const PLACEHOLDER_BODY = 'Write the article here, in Markdown. A subheading is a line starting with "## ".';

/**
 * Every placeholder left in the corpus, in article order, as problems naming the file and the
 * field: the build prints them as warnings (under npm start too), npm run deploy refuses them.
 */
export function placeholdersIn(corpus: Corpus): Problem[] {
  return corpus.articles.flatMap((article): Problem[] => [
    ...(article.summary === PLACEHOLDER_SUMMARY
      ? [{ file: article.source, field: "summary", message: `is still the placeholder "${PLACEHOLDER_SUMMARY}": write one or two sentences about this article` }]
      : []),
    ...(hasPlaceholderBody(article)
      ? [{ file: article.source, field: "body", message: `still has the placeholder line "${PLACEHOLDER_BODY}": replace it with the article` }]
      : []),
  ]);
}

/** One line per placeholder, as content problems are listed. */
export function describePlaceholders(placeholders: readonly Problem[]): string {
  return placeholders.map(({ file, field, message }) => `  ${file} › ${field}: ${message}`).join("\n");
}

function hasPlaceholderBody(article: Article): boolean {
  // The body is HTML by now; the placeholder's first sentence survives Markdown unchanged.
  return article.html.includes(PLACEHOLDER_BODY.slice(0, PLACEHOLDER_BODY.indexOf(".") + 1));
}
