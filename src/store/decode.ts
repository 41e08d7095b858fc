import { ByteCache } from "./byte-cache.ts";
import type { Recipe, StoredDocument, StoredText } from "./document.ts";

/** What assembling a body needs of a stored document; also the key its bytes are kept under. */
export type StoredBody = Pick<StoredDocument, "recipe" | "byteLength">;

/**
 * Reads documents' bodies back from the files src/store/encode.ts wrote (the format is described
 * at StoredText): the Worker's side of the stored format. Keeps the bodies it assembled, so a
 * document served before is a lookup.
 */
export class DocumentStore {
  readonly #compressed: Uint8Array;
  readonly #ranges: DataView;
  readonly #text: StoredText;
  /**
   * Chunks inflated recently: a document usually reads the chunk holding its own text and the
   * one holding the markup every page shares, and documents next to each other share chunks.
   */
  readonly #chunks = new ByteCache<number>(CHUNK_CACHE_BYTES);
  /**
   * Bodies kept per isolate, each a Blob of the bytes a response sends: a response made from a
   * Blob reads the Blob's own bytes, where one made from a Uint8Array first copies them into a
   * buffer of its own (0.52x the CPU per request for a 367 KB feed, 0.93x for 8.8 KB:
   * docs/benchmarks.md), and one made from a string transcodes it on every request.
   */
  readonly #bodies = new ByteCache<StoredBody, Blob>(BODY_CACHE_BYTES);

  constructor(text: StoredText, compressed: ArrayBuffer, ranges: ArrayBuffer) {
    this.#text = text;
    this.#compressed = new Uint8Array(compressed);
    this.#ranges = new DataView(ranges);
  }

  /** A document's body if it is kept: what a warm request sends without waiting. */
  keptBody(document: StoredBody): Blob | undefined {
    return this.#bodies.get(document);
  }

  /** A document's body, kept while it fits; assembled when it is not kept. */
  loadBody(document: StoredBody): Promise<Blob> {
    return this.#bodies.load(document, async () => new Blob([await this.body(document.recipe, document.byteLength)]));
  }

  /** A document's body, assembled afresh: `byteLength` bytes from the chunks its ranges read. */
  async body([start, end]: Recipe, byteLength: number): Promise<Uint8Array> {
    const ranges: number[] = [];
    for (let i = start; i < end; i++) ranges.push(this.#ranges.getInt32(i * 4, true));
    const { chunkStarts } = this.#text;
    const needed = new Set<number>();
    for (let i = 0; i < ranges.length; i += 2) {
      const to = ranges[i + 1]!;
      for (let chunk = chunkAt(chunkStarts, decodeFrom(ranges[i]!)); chunk < chunkStarts.length && chunkStarts[chunk]! < to; chunk++) needed.add(chunk);
    }
    const chunks = new Map(await Promise.all([...needed].map(async (chunk) => [chunk, await this.#chunk(chunk)] as const)));
    return assembleBody(ranges, byteLength, chunkStarts, (chunk) => chunks.get(chunk)!);
  }

  #chunk(chunk: number): Promise<Uint8Array> {
    const cached = this.#chunks.get(chunk);
    if (cached) return Promise.resolve(cached);
    const start = chunk === 0 ? 0 : this.#text.chunkEnds[chunk - 1]!;
    const end = this.#text.chunkEnds[chunk];
    if (end === undefined) return Promise.reject(new Error(`text chunk ${chunk} does not exist: the generated files disagree`));
    return this.#chunks.load(chunk, () => inflateRaw(this.#compressed.subarray(start, end)));
  }
}

/**
 * Enough for the chunks one feed document reads (its articles' texts are in several chunks, a few
 * articles to a chunk) and the site's chunk with the shared markup: the same feed in the other
 * formats, or its topic feeds, then inflate little more (bench/RESULTS.md).
 */
const CHUNK_CACHE_BYTES = 2 * 1024 * 1024;

/**
 * A fraction of an isolate's memory limit, leaving the rest to the compressed text, its inflated
 * chunks and the requests themselves.
 */
const BODY_CACHE_BYTES = 24 * 1024 * 1024;

/**
 * The body that `ranges` describe, from the text chunks `chunk(i)` gives (chunk `i` is the
 * uncompressed text from `chunkStarts[i]`). Written into exactly `byteLength` bytes: the build
 * recorded the length, so a body that comes out another size means the generated files disagree.
 */
function assembleBody(ranges: readonly number[], byteLength: number, chunkStarts: readonly number[], chunk: (index: number) => Uint8Array): Uint8Array {
  const body = new Uint8Array(byteLength);
  let at = 0;
  for (let i = 0; i < ranges.length; i += 2) {
    const escaped = ranges[i]! < 0;
    const to = ranges[i + 1]!;
    for (let from = decodeFrom(ranges[i]!), index = chunkAt(chunkStarts, from); from < to; index++) {
      const offset = chunkStarts[index]!;
      const bytes = chunk(index);
      const piece = bytes.subarray(from - offset, Math.min(to, offset + bytes.length) - offset);
      at = escaped ? writeJsonEscaped(piece, body, at) : write(piece, body, at);
      from = offset + bytes.length;
    }
  }
  if (at !== byteLength) throw new Error(`assembled ${at} bytes where the build recorded ${byteLength}: the generated files disagree`);
  return body;
}

/** The chunk that holds byte `offset` of the text: the last one starting at or before it. */
function chunkAt(chunkStarts: readonly number[], offset: number): number {
  let low = 0;
  let high = chunkStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (chunkStarts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

function decodeFrom(from: number): number {
  return from < 0 ? -from - 1 : from;
}

function write(piece: Uint8Array, body: Uint8Array, at: number): number {
  if (at + piece.length > body.length) throw new RangeError("a document's ranges are longer than the length the build recorded");
  body.set(piece, at);
  return at + piece.length;
}

/**
 * UTF-8 text written as it appears between the quotes of a JSON string, exactly as
 * JSON.stringify escapes it (the build's JSON is JSON.stringify's): `"` and `\` with a
 * backslash, the control characters below U+0020 as \b \t \n \f \r or \u00xx, every other byte
 * as is. Bytes of multi-byte characters are all 0x80 or above, so they pass through whole.
 */
function writeJsonEscaped(piece: Uint8Array, body: Uint8Array, at: number): number {
  for (const byte of piece) {
    const escape = byte < 0x20 || byte === QUOTE || byte === BACKSLASH ? JSON_ESCAPES[byte]! : undefined;
    if (escape === undefined) {
      if (at >= body.length) throw new RangeError("a document's ranges are longer than the length the build recorded");
      body[at++] = byte;
    } else {
      at = write(escape, body, at);
    }
  }
  return at;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The escape of every byte JSON.stringify escapes, by byte value (the rest are undefined). */
const JSON_ESCAPES: readonly (Uint8Array | undefined)[] = (() => {
  const table: (Uint8Array | undefined)[] = [];
  const utf8 = new TextEncoder();
  for (let byte = 0; byte <= BACKSLASH; byte++) {
    const escaped = JSON.stringify(String.fromCharCode(byte)).slice(1, -1);
    table.push(escaped.length > 1 ? utf8.encode(escaped) : undefined);
  }
  return table;
})();

/** Inflates raw DEFLATE data (RFC 1951) with the runtime's own zlib. */
async function inflateRaw(compressed: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([compressed]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
