import { serveArticleWorker } from "./article-pool.ts";

// A worker thread of the content build (src/build/article-pool.ts), bundled by scripts/run.mjs.
serveArticleWorker();
