// `node scripts/run.mjs test/support/threaded-build.ts <content dir> <output> <cache dir>`: the
// content build as `npm run content` runs it (its worker threads' bundle made by scripts/run.mjs),
// printing one line of JSON: how many threads parsed the articles, and the stored text's chunks
// (BuildResult.chunks: how many, how many the threads were given to compress ahead, how many of
// those the layout took).
import { join } from "node:path";
import { buildContent } from "../../src/build/build-content.ts";

const [contentDir, output, cacheDir] = process.argv.slice(2) as [string, string, string];
const result = await buildContent({ contentDir, output, generator: "threaded-build", cacheDir: join(cacheDir, "content"), photoCacheDir: join(cacheDir, "photos") });
process.stdout.write(`${JSON.stringify({ threads: result.threads, chunks: result.chunks })}\n`);
