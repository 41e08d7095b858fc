import { loadCorpus } from "../src/build/content.ts";
import type { Corpus } from "../src/model.ts";
import { PATHS } from "../src/paths.ts";
import type { NaiveItem, NaiveSite } from "./workers/naive-rss.ts";

/**
 * The bindings of the naive Worker (bench/workers/naive-rss.ts): the same site and articles
 * that our build renders, as plain data, for 1 item (the seed) and for 50 (a synthetic corpus).
 */
export async function naiveInputs(seedContentDir: string, corpus50Dir: string) {
  const seed = await loadCorpus(seedContentDir);
  const fifty = await loadCorpus(corpus50Dir);
  return { RSS_PATH: PATHS.feed.rss, naive1: bindings(seed, 1), naive50: bindings(fifty, 50) };
}

function bindings({ site, articles }: Corpus, count: number): { SITE: NaiveSite; ITEMS: NaiveItem[] } {
  if (articles.length < count) throw new Error(`need ${count} articles for the naive feed, have ${articles.length}`);
  return {
    SITE: { title: site.title, description: site.description, url: site.url, language: site.language },
    ITEMS: articles.slice(0, count).map((article) => ({
      title: article.title,
      url: article.url,
      summary: article.summary,
      html: article.html,
      author: article.author,
      tags: [...article.tags],
      published: article.published.toISOString(),
      updated: article.updated.toISOString(),
    })),
  };
}
