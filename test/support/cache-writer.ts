// `node scripts/run.mjs test/support/cache-writer.ts <base file> <name> <rounds>`: one of the
// writers of test/build/cache-file.test.ts's concurrency test. Each round it checks that the
// cache on disk reads back as a whole state some writer saved, then changes a few of its values
// and saves, as builds do: on odd rounds from what it keeps in memory (npm start), on even rounds
// from what it just read (`npm run content`). It exits with 1 at the first state that is not whole.
import { readCache, writeCache, type CacheBase, type CacheState } from "../../src/build/cache-file.ts";
import { CACHE_WRITER_INPUTS, checkState, emptyState, item } from "./cache-states.ts";

const [file, name, roundsArgument] = process.argv.slice(2);
if (file && name && roundsArgument) await run(file, name, Number(roundsArgument));

async function run(file: string, name: string, rounds: number): Promise<void> {
  let kept: { state: CacheState; base: CacheBase | undefined } = { state: emptyState(), base: undefined };
  for (let round = 0; round < rounds; round++) {
    const read = readCache(file, CACHE_WRITER_INPUTS);
    if (read) {
      const problem = checkState(read.state);
      if (problem) {
        console.error(`round ${round}: ${problem}`);
        process.exit(1);
      }
    }
    if (round % 2 === 0 || !kept.base) kept = read ? { state: read.state, base: read.base } : { state: emptyState(), base: undefined };
    const items = kept.state.maps["items"]!;
    items.set(`${name}-${round}`, item(`${name}-${round}`));
    items.delete(`${name}-${round - 4}`);
    kept.state.maps["manifest"]!.set("keys", [...items.keys()].sort());
    kept.base = await writeCache(file, kept.state, kept.base);
  }
}
