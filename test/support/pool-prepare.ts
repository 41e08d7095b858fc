// `node scripts/run.mjs test/support/pool-prepare.ts <content dir> <cache dir>`: the content's
// article files listed by a cache with no entries (read when first read, as in a cold build) and
// prepared on two of the build's worker threads (prepareArticles, with the real worker bundle that
// scripts/run.mjs makes). Prints one line of JSON: how many files the threads prepared, and those
// whose prepared slug is not the file's own (articles/a-N.md claims article-N).
import { join } from "node:path";
import { ArticlePool, prepareArticles } from "../../src/build/article-pool.ts";
import { BuildCache } from "../../src/build/build-cache.ts";
import { loadCorpus } from "../../src/build/content.ts";
import { developPhotos } from "../../src/build/photos.ts";

const [contentDir, cacheDir] = process.argv.slice(2) as [string, string];
const photos = await developPhotos(contentDir, { cacheDir: join(cacheDir, "photos") });
const cache = await BuildCache.open({ root: process.cwd(), siteUrl: undefined, dir: join(cacheDir, "content") });
cache.usePhotos(photos.catalog);
const pool = new ArticlePool(process.env["EDGEFEED_ARTICLE_WORKER"]!, 2);
let prepared = 0;
const wrong: string[] = [];
try {
  await loadCorpus(contentDir, {
    photos: photos.catalog,
    cache,
    beforeParse: async (site, files) => {
      await prepareArticles(site, files, photos.catalog, cache, pool);
      for (const file of files) {
        const slug = cache.article(file)?.slug;
        if (slug === undefined) continue;
        prepared++;
        if (slug !== file.path.replace(/^articles\/a-(\d+)\.md$/, "article-$1")) wrong.push(`${file.path}: ${slug}`);
      }
    },
  });
} finally {
  await pool.close();
}
process.stdout.write(`${JSON.stringify({ prepared, wrong })}\n`);
