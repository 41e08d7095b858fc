// `node scripts/run.mjs test/support/pool-compress.ts`: chunks of groups in shared memory, as a
// cold build has its articles' texts, compressed on two of the build's worker threads
// (ArticlePool.compress, with the real worker bundle that scripts/run.mjs makes), and what came
// back compared with compressing each chunk on this thread. Prints one line of JSON.
import { ArticlePool } from "../../src/build/article-pool.ts";
import { compressChunk, groupChunks } from "../../src/store/encode.ts";
import { Text } from "../../src/store/text.ts";

const bundle = process.env["EDGEFEED_ARTICLE_WORKER"];
if (!bundle) throw new Error("no worker bundle: run this through scripts/run.mjs");

/** A group of texts whose bytes are one array, of shared memory when `shared`. */
function group(n: number, shared: boolean): { texts: Text[]; bytes: () => Uint8Array } {
  const values = [`<p>Article ${n}: ${"words ".repeat(40 + (n % 13) * 9)}</p>`, `<item>${n} ${"한국어 ".repeat(n % 7)}</item>`];
  const texts = values.map((value) => Text.of(value));
  const joined = Buffer.concat(values.map((value) => Buffer.from(value)));
  const bytes = shared ? new Uint8Array(new SharedArrayBuffer(joined.length)) : new Uint8Array(joined.length);
  bytes.set(joined);
  return { texts, bytes: () => bytes };
}

const mode = process.argv[2] ?? "shared";
const groups = Array.from({ length: 120 }, (_, n) => group(n, mode !== "copied" && !(mode === "mixed" && n === 60)));
const chunks = groupChunks(
  groups.map((g) => g.texts),
  groups.map((g) => g.bytes),
  2_048,
);
const pool = new ArticlePool(bundle, 2);
try {
  // closed: the threads stopped before anything is given them; closing: while they work.
  if (mode === "closed") await pool.close();
  const ahead = pool.compress(chunks);
  if (mode === "closing") await pool.close();
  let equal = 0;
  let answered = 0;
  for (const chunk of chunks) {
    const compressed = await ahead.get(chunk.key);
    if (compressed === undefined) continue;
    answered++;
    if (Buffer.from(compressed).equals(compressChunk(chunk.bytes()))) equal++;
  }
  process.stdout.write(`${JSON.stringify({ chunks: chunks.length, given: ahead.size, answered, equal })}\n`);
} finally {
  await pool.close();
}
