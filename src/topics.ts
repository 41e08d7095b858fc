import type { Article } from "./model.ts";

/** Every article that carries one tag, under whichever spelling. */
export interface Topic {
  /** Normalised, URL-safe once percent-encoded: `south-korea`, `외교`. */
  slug: string;
  /** The spelling shown to readers: the first one used, in the oldest article that has the tag, NFKC-normalised. */
  name: string;
  /** Newest first, like the corpus. */
  articles: readonly Article[];
}

/**
 * The URL slug of a tag, so that two spellings of one tag are one feed: compatibility-normalised
 * (NFKC: full-width letters, ligatures), case-folded, and every run of anything that is not a
 * letter, mark or digit turned into one hyphen. Letters of every script are kept (a Korean tag
 * keeps its Hangul; links percent-encode it) rather than transliterated, which would need a
 * language-specific table and would merge unrelated tags.
 */
export function topicSlug(tag: string): string {
  let slug = SLUGS.get(tag);
  if (slug === undefined) {
    slug = caseFold(tag.normalize("NFKC"))
      .normalize("NFKC")
      .replace(/[^\p{L}\p{M}\p{N}]+/gu, "-")
      .replace(/^-+|-+$/g, "");
    SLUGS.set(tag, slug);
  }
  return slug;
}

/** A site has a few hundred tags at most, each on many articles: each slug is made once. */
const SLUGS = new Map<string, string>();

/**
 * Approximates Unicode full case folding, which JavaScript lacks: upper-casing first maps "ß" to
 * "SS" and final "ς" to "Σ", so "Straße" and "STRASSE" fold alike.
 */
function caseFold(text: string): string {
  return text.toUpperCase().toLowerCase();
}

/**
 * The topics of a corpus, ordered by slug (code-unit order, so the same content gives the same
 * bytes on every machine, whatever its collation data). `articles` is newest first.
 */
export function topicsOf(articles: readonly Article[]): Topic[] {
  // The pages, feeds and feed manifest of a build ask for the same corpus's topics: found once.
  // A corpus's articles are values, never changed in place once the corpus is made.
  let found = TOPICS.get(articles);
  if (!found) TOPICS.set(articles, (found = findTopics(articles)));
  return found;
}

const TOPICS = new WeakMap<readonly Article[], Topic[]>();

function findTopics(articles: readonly Article[]): Topic[] {
  const topics = new Map<string, { name: string; articles: Article[] }>();
  // Oldest first, so a topic's name is its first spelling and does not change when newer
  // articles spell it differently.
  for (const article of [...articles].reverse()) {
    for (const tag of article.tags) {
      const slug = topicSlug(tag);
      const topic = topics.get(slug) ?? { name: tag.normalize("NFKC"), articles: [] };
      if (topic.articles.at(-1) !== article) topic.articles.push(article);
      topics.set(slug, topic);
    }
  }
  return [...topics]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([slug, topic]) => ({ slug, name: topic.name, articles: topic.articles.reverse() }));
}
