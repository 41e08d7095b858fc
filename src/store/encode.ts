import { hash } from "node:crypto";
import { deflateRawSync } from "node:zlib";
import type { RenderedDocument, StoredDocument, StoredText } from "./document.ts";
import { JsonEscaped, Texts, type Part, type Text } from "./text.ts";

/** The binary files beside the module, which imports them by these names. */
export const TEXT_FILE = "text.bin";
export const RANGES_FILE = "ranges.bin";

/** What `npm run content` writes to src/generated/: the module and the binary files it imports. */
export interface GeneratedFiles {
  /** src/generated/documents.ts */
  module: string;
  /** src/generated/text.bin and ranges.bin, loaded by the Worker as Data modules (wrangler.toml `[[rules]]`). */
  text: Uint8Array;
  ranges: Uint8Array;
  /** What the module exports, as values. */
  exports: { TEXT: StoredText; DOCUMENTS: [path: string, document: StoredDocument][] };
}

/**
 * The stored format's encoder: the source of src/generated/documents.ts and the binary files
 * beside it. Its header names the generator by its own path, so a reader can always find what
 * wrote it.
 *
 * The same text recurs across documents: an article's body is in its page, the RSS and Atom
 * feeds' CDATA and, JSON-escaped, the JSON Feed, in its topics' feeds and in archives. Written into
 * the module as literals, that text is JavaScript V8 parses at every start-up and holds in memory,
 * and workerd's start-up grows with every byte of a module, even plain text (npm run bench
 * --scale; docs/architecture.md). So each distinct text (a Text, src/store/text.ts) goes once
 * into text.bin, compressed; each document's ranges go into ranges.bin; the module holds only the
 * documents' metadata, as one JSON string. The Worker assembles a body on its first request
 * (src/store/decode.ts).
 */
export function encodeDocuments(documents: ReadonlyMap<string, RenderedDocument>, generator: string, options: LayoutOptions = {}): GeneratedFiles {
  const layout = layOutText(documents, options);
  return generatedFiles(layout, layout.chunks.map((chunk) => compressChunk(chunk.bytes())), generator);
}

export interface LayoutOptions {
  /**
   * Texts that belong together, each group an article's (its body, pages and feed items): a
   * group's texts are laid out together, several groups to a chunk, with chunk boundaries only
   * between groups where the groups say (content-defined), so an article that did not change
   * leaves the chunks around it as they were, and the build's cache their compressed bytes.
   */
  groups?: Iterable<readonly Text[]>;
  /** The most bytes of text compressed together (tests make it small). */
  chunkSize?: number;
}

/** The stored format before compression: the text cut into chunks, and what the module and ranges.bin hold. */
export interface TextLayout {
  chunks: TextChunk[];
  stored: [path: string, document: StoredDocument][];
  ranges: Uint8Array;
  /** Where each group's texts went, by group (src/build/build-cache.ts finds them there again). */
  groupPlaces: GroupPlace[];
}

/** Bytes of the text compressed together, and a digest of what they are, to find their compression again. */
export interface TextChunk {
  /** The bytes, assembled when called: a build that finds the chunk compressed already never needs them. */
  bytes: () => Uint8Array;
  byteLength: number;
  /** SHA-256 of the chunk's texts and bounds, hex: equal keys, equal bytes. */
  key: string;
}

/**
 * The most bytes compressed together. A first request inflates the chunks its document reads, so
 * a chunk is the unit of that work: smaller chunks make a first request cheaper and the
 * compression worse; `npm run bench --scale` measures both (bench/RESULTS.md).
 */
export const CHUNK_SIZE = 256 * 1024;

/** How a chunk is compressed: what the Worker inflates (DecompressionStream "deflate-raw"). */
export function compressChunk(chunk: Uint8Array): Uint8Array {
  return deflateRawSync(chunk, DEFLATE);
}

/**
 * The most compression zlib has (level 9), with its larger hash table (memLevel 9, 256 KiB per
 * stream, where 8 is the default): fewer collisions to walk makes level 9 about a sixth cheaper
 * on this text, and the output a little smaller. The inflater needs neither setting.
 */
export const DEFLATE = { level: 9, memLevel: 9 } as const;

/**
 * Where every text goes and how each document reads it, before compression.
 *
 * The site's texts (its pages' shared markup, listings, feed heads, sitemaps) come first, in the
 * order documents first use them, then each group's texts together, group after group. Chunk
 * boundaries depend on the texts around them, never on offsets (content-defined chunking): among
 * the site's texts a chunk ends after a text whose digest says so once it holds CHUNK_SIZE / 4
 * bytes, or at CHUNK_SIZE; among the groups, only between two groups (a group larger than a chunk
 * aside), after a group whose first text's digest says so once the chunk holds CHUNK_SIZE / 4
 * bytes, or before a group that would not fit. So an edit changes the chunks that hold what it
 * changed, and perhaps the next, and leaves the others' bytes, and their compression, as they were.
 */
export function layOutText(documents: ReadonlyMap<string, RenderedDocument>, options: LayoutOptions = {}): TextLayout {
  const chunkSize = options.chunkSize ?? CHUNK_SIZE;
  const texts = new Texts();
  // This layout's marks on the texts (Text.layout): used, in which group, at which offset.
  const token = {};
  const partsOf: (readonly Part[])[] = [];
  const used: Text[] = [];
  for (const document of documents.values()) {
    const parts = document.parts ?? [texts.of(document.body)];
    partsOf.push(parts);
    for (const part of parts) {
      const text = part instanceof JsonEscaped ? part.text : part;
      if (text.layout === token) continue;
      text.layout = token;
      text.layoutGroup = -1;
      used.push(text);
    }
  }
  // A text in two groups (never, when each article's texts are its own) stays in the first.
  const groups: Text[][] = [];
  for (const group of options.groups ?? []) {
    const own = group.filter((text) => text.layout === token && text.layoutGroup === -1);
    for (const text of own) text.layoutGroup = groups.length;
    groups.push(own);
  }

  const chunks = new ChunkWriter(chunkSize);
  for (const text of used) if (text.layoutGroup === -1) chunks.add(text, true);
  chunks.end();
  const placed = groups.map((group) => chunks.addGroup(group));
  chunks.end();

  const recipes = partsOf.map(rangesOf);
  const ranges = new Int32Array(recipes.reduce((count, recipe) => count + recipe.length, 0));
  let at = 0;
  let i = 0;
  const stored: [string, StoredDocument][] = [];
  for (const [path, document] of documents) {
    const recipe = recipes[i++]!;
    ranges.set(recipe, at);
    stored.push([path, { ...storedFields(document), recipe: [at, at + recipe.length] }]);
    at += recipe.length;
  }
  // ranges.bin is little-endian int32s; so is every platform Node.js runs the build on, asserted here.
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error("the build needs a little-endian machine");
  const groupPlaces = placed.map((pieces) => pieces.map(({ chunk, offset, length }) => ({ key: chunks.chunks[chunk]!.key, offset, length })));
  return { chunks: chunks.chunks, stored, ranges: new Uint8Array(ranges.buffer), groupPlaces };
}

/** Where a group's texts are, one after another: in these chunks (by key), from `offset`, `length` bytes each. */
export type GroupPlace = { key: string; offset: number; length: number }[];

/** The metadata the module keeps of a document: everything but its body. */
function storedFields(document: RenderedDocument): Omit<StoredDocument, "recipe"> {
  const { byteLength, contentType, etag, lastModified, cacheClass, contentPolicy, cacheTag, link } = document;
  return { byteLength, contentType, etag, lastModified, cacheClass, contentPolicy, cacheTag, ...(link === undefined ? {} : { link }) };
}

/** A document's parts as ranges of the text (at the offsets the layout gave them), flat (src/store/decode.ts): a part that continues the previous one is merged into it. */
function rangesOf(parts: readonly Part[]): number[] {
  const flat: number[] = [];
  for (const part of parts) {
    const escaped = part instanceof JsonEscaped;
    const text = escaped ? part.text : part;
    if (text.byteLength === 0) continue;
    const from = text.layoutOffset;
    const to = from + text.byteLength;
    const last = flat.length - 2;
    if (last >= 0 && flat[last + 1] === from && flat[last]! < 0 === escaped) flat[last + 1] = to;
    else flat.push(escaped ? -from - 1 : from, to);
  }
  return flat;
}

/** Lays texts out one after another and cuts them into chunks (layOutText says where). */
class ChunkWriter {
  readonly chunks: TextChunk[] = [];
  #size = 0;
  /** The current chunk's pieces: a text, and the bytes of it the chunk holds. */
  #pieces: [text: Text, from: number, to: number][] = [];
  #bytes = 0;

  constructor(readonly chunkSize: number) {}

  /** Adds a text; where its bytes went, chunk by chunk, is told to `placed`. */
  add(text: Text, contentDefined: boolean, placed?: (chunk: number, offset: number, length: number) => void): void {
    text.layoutOffset = this.#size;
    const length = text.byteLength;
    this.#size += length;
    for (let from = 0; from < length; ) {
      const to = Math.min(length, from + this.chunkSize - this.#bytes);
      placed?.(this.chunks.length, this.#bytes, to - from);
      this.#pieces.push([text, from, to]);
      this.#bytes += to - from;
      from = to;
      if (this.#bytes === this.chunkSize) this.end();
    }
    // About one text in four ends a chunk once it is a quarter full.
    if (contentDefined && this.#bytes >= this.chunkSize / 4 && text.digest[0]! < 64) this.end();
  }

  /**
   * Adds a group's texts together: in the current chunk if they fit, else from a new one (a
   * group larger than a chunk is cut where chunks end); after it, about one group in four ends a
   * chunk once it is a quarter full. Returns where the group's bytes went, merged.
   */
  addGroup(group: readonly Text[]): { chunk: number; offset: number; length: number }[] {
    const size = group.reduce((bytes, text) => bytes + text.byteLength, 0);
    if (this.#bytes > 0 && this.#bytes + size > this.chunkSize) this.end();
    const pieces: { chunk: number; offset: number; length: number }[] = [];
    for (const text of group) {
      this.add(text, false, (chunk, offset, length) => {
        const last = pieces.at(-1);
        if (last && last.chunk === chunk && last.offset + last.length === offset) last.length += length;
        else pieces.push({ chunk, offset, length });
      });
    }
    const first = group[0];
    if (first && this.#bytes >= this.chunkSize / 4 && first.digest[0]! < 64) this.end();
    return pieces;
  }

  end(): void {
    if (this.#bytes === 0) return;
    const pieces = this.#pieces;
    const byteLength = this.#bytes;
    // Each piece's digest and bounds, hashed in one update. The bounds are written little-endian,
    // as the typed array before wrote them on every machine the build runs on (ranges.bin needs
    // one, asserted above), so the keys the build's cache keeps stay the same.
    const input = Buffer.allocUnsafe(pieces.length * 40);
    for (let i = 0; i < pieces.length; i++) {
      const [text, from, to] = pieces[i]!;
      input.set(text.digest, 40 * i);
      input.writeUInt32LE(from, 40 * i + 32);
      input.writeUInt32LE(to, 40 * i + 36);
    }
    const key = hash("sha256", input, "hex");
    const bytes = () => {
      // Every byte is written below.
      const chunk = Buffer.allocUnsafe(byteLength);
      let at = 0;
      for (const [text, from, to] of pieces) {
        text.copyInto(chunk, at, from, to);
        at += to - from;
      }
      return chunk;
    };
    this.chunks.push({ bytes, byteLength, key });
    this.#pieces = [];
    this.#bytes = 0;
  }
}

/** The module and binary files of a layout whose chunks were compressed into `compressed`, in order. */
export function generatedFiles(layout: TextLayout, compressed: readonly Uint8Array[], generator: string): GeneratedFiles {
  const chunkStarts: number[] = [];
  const chunkEnds: number[] = [];
  let textBytes = 0;
  let compressedBytes = 0;
  layout.chunks.forEach((chunk, i) => {
    chunkStarts.push(textBytes);
    textBytes += chunk.byteLength;
    chunkEnds.push((compressedBytes += compressed[i]!.length));
  });
  const text: StoredText = { chunkStarts, chunkEnds };
  const module = `// Generated by ${generator} from content/. Do not edit: run \`npm run content\`.
import type { StoredDocument, StoredText } from "../store/document.ts";

/** How ${TEXT_FILE} is cut into compressed chunks. */
export const TEXT: StoredText = ${JSON.stringify(text)};

/** Every document by path. One JSON string: V8 reads it faster than the same object literals. */
export const DOCUMENTS: readonly (readonly [path: string, document: StoredDocument])[] = JSON.parse(${JSON.stringify(JSON.stringify(layout.stored))});
`;
  return { module, text: new Uint8Array(Buffer.concat(compressed)), ranges: layout.ranges, exports: { TEXT: text, DOCUMENTS: layout.stored } };
}
