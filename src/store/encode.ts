import { hash } from "node:crypto";
import { deflateRawSync } from "node:zlib";
import type { RenderedDocument, StoredDocument, StoredText } from "./document.ts";
import { JsonEscaped, Text, Texts, type Part } from "./text.ts";

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
  /**
   * Each group's texts' bytes one after another, by group, where the caller has them so (the
   * build's cache keeps an article's that way): a chunk then copies a group's bytes at once, not
   * text by text. The chunks' bytes and keys are the same either way.
   */
  groupBytes?: readonly ((() => Uint8Array) | undefined)[];
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
  /**
   * The bytes, assembled when called (a build that finds the chunk compressed already never needs
   * them): into the start of `into` when given (at least byteLength long), else into a new array.
   */
  bytes: (into?: Uint8Array) => Uint8Array;
  /**
   * The same bytes as runs of byte arrays, `from` to `to` of each, when they are all in such
   * arrays (the groups' bytes: LayoutOptions.groupBytes); undefined when a text's bytes are among them.
   */
  runs: () => ChunkRun[] | undefined;
  byteLength: number;
  /** SHA-256 of the chunk's texts and bounds, hex: equal keys, equal bytes. */
  key: string;
}

/** Bytes `from` to `to` of an array: a run of a chunk's bytes. */
export type ChunkRun = [bytes: Uint8Array, from: number, to: number];

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
 * stream, where 8 is the default): fewer collisions to walk make level 9 cheaper on this text,
 * and the output a little smaller (docs/authoring-loop.md has the comparison). The inflater needs
 * neither setting.
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
  // Indexed loops and flat arrays throughout: a layout visits every part of every document, and
  // runs once per build, mostly before the JIT has optimised it, where `for...of` and small
  // arrays per document allocate tens of megabytes for the collector.
  const token = {};
  const partsOf: (readonly Part[])[] = [];
  const used: Text[] = [];
  let partCount = 0;
  for (const document of documents.values()) {
    const parts = document.parts ?? [texts.of(document.body)];
    partsOf.push(parts);
    partCount += parts.length;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const text = part instanceof JsonEscaped ? part.text : part;
      if (text.layout === token) continue;
      text.layout = token;
      text.layoutGroup = -1;
      used.push(text);
    }
  }
  // A text in two groups (never, when each article's texts are its own) stays in the first.
  const groups: (readonly Text[])[] = [];
  const sources: ((() => Uint8Array) | undefined)[] = [];
  for (const group of options.groups ?? []) {
    const whole = group.every((text) => text.layout === token && text.layoutGroup === -1);
    const own = whole ? group : group.filter((text) => text.layout === token && text.layoutGroup === -1);
    for (let i = 0; i < own.length; i++) own[i]!.layoutGroup = groups.length;
    // A group's bytes are its texts' only while it has all of them, in order.
    sources.push(whole ? options.groupBytes?.[groups.length] : undefined);
    groups.push(own);
  }

  const chunks = new ChunkWriter(chunkSize);
  for (let i = 0; i < used.length; i++) if (used[i]!.layoutGroup === -1) chunks.add(used[i]!, true);
  chunks.end();
  const placed = groups.map((group, i) => chunks.addGroup(group, sources[i]));
  chunks.end();

  // Each document's parts as ranges of the text (at the offsets the layout gave them), flat
  // (src/store/decode.ts): a part that continues the previous one is merged into it. Two numbers
  // per part at most.
  const ranges = new Int32Array(2 * partCount);
  let at = 0;
  let d = 0;
  const stored: [string, StoredDocument][] = [];
  for (const [path, document] of documents) {
    const parts = partsOf[d++]!;
    const start = at;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const escaped = part instanceof JsonEscaped;
      const text = escaped ? part.text : part;
      const length = text.byteLength;
      if (length === 0) continue;
      const from = text.layoutOffset;
      if (at > start && ranges[at - 1] === from && ranges[at - 2]! < 0 === escaped) ranges[at - 1] = from + length;
      else {
        ranges[at++] = escaped ? -from - 1 : from;
        ranges[at++] = from + length;
      }
    }
    stored.push([path, storedDocument(document, [start, at])]);
  }
  // ranges.bin is little-endian int32s; so is every platform Node.js runs the build on, asserted here.
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error("the build needs a little-endian machine");
  const groupPlaces = placed.map((pieces) => pieces.map(({ chunk, offset, length }) => ({ key: chunks.chunks[chunk]!.key, offset, length })));
  return { chunks: chunks.chunks, stored, ranges: new Uint8Array(ranges.buffer, 0, 4 * at), groupPlaces };
}

/**
 * The chunks layOutText cuts these groups into when each of them is used whole, in this order:
 * the same keys and bytes as its chunks after the site's texts, which start a chunk of their own
 * and never decide where a group's chunks end. Known before the documents are, so their
 * compression can start early (src/build/build-content.ts); a layout that turns out otherwise
 * (a text no document uses) has other keys, and nothing is taken from these.
 */
export function groupChunks(groups: readonly (readonly Text[])[], groupBytes: readonly ((() => Uint8Array) | undefined)[] = [], chunkSize = CHUNK_SIZE): TextChunk[] {
  const chunks = new ChunkWriter(chunkSize);
  groups.forEach((group, i) => chunks.addGroup(group, groupBytes[i]));
  chunks.end();
  return chunks.chunks;
}

/** Where a group's texts are, one after another: in these chunks (by key), from `offset`, `length` bytes each. */
export type GroupPlace = { key: string; offset: number; length: number }[];

/**
 * The metadata the module keeps of a document: everything but its body, and how to read that.
 * Object literals of one shape each (with a link, without), in the order the module has always
 * written them, not copies by spread: thousands of documents, each written once to JSON.
 */
function storedDocument(document: RenderedDocument, recipe: [number, number]): StoredDocument {
  const { byteLength, contentType, etag, lastModified, cacheClass, contentPolicy, cacheTag, link } = document;
  return link === undefined
    ? { byteLength, contentType, etag, lastModified, cacheClass, contentPolicy, cacheTag, recipe }
    : { byteLength, contentType, etag, lastModified, cacheClass, contentPolicy, cacheTag, link, recipe };
}

/** Lays texts out one after another and cuts them into chunks (layOutText says where). */
class ChunkWriter {
  readonly chunks: TextChunk[] = [];
  #size = 0;
  /** The current chunk's pieces: a text, and the bytes of it the chunk holds (`from` to `to`): what its key is made of. */
  #texts: Text[] = [];
  #from: number[] = [];
  #to: number[] = [];
  /** Where the current chunk's bytes are copied from: a text, or a group's bytes (a run of texts), `from` to `to` of each. */
  #copies: CopySource[] = [];
  #copyFrom: number[] = [];
  #copyTo: number[] = [];
  #bytes = 0;

  constructor(readonly chunkSize: number) {}

  /**
   * Adds a text; where its bytes went, chunk by chunk, is added to `placed`, merged with what is
   * there. `source` and `at`: the group's bytes the text is found in, and where.
   */
  add(text: Text, contentDefined: boolean, placed?: Piece[], source?: () => Uint8Array, at = 0): void {
    text.layoutOffset = this.#size;
    const length = text.byteLength;
    this.#size += length;
    for (let from = 0; from < length; ) {
      const to = Math.min(length, from + this.chunkSize - this.#bytes);
      if (placed) {
        const last = placed.at(-1);
        if (last && last.chunk === this.chunks.length && last.offset + last.length === this.#bytes) last.length += to - from;
        else placed.push({ chunk: this.chunks.length, offset: this.#bytes, length: to - from });
      }
      this.#texts.push(text);
      this.#from.push(from);
      this.#to.push(to);
      const copies = this.#copies.length;
      if (source && copies > 0 && this.#copies[copies - 1] === source && this.#copyTo[copies - 1] === at + from) this.#copyTo[copies - 1] = at + to;
      else {
        this.#copies.push(source ?? text);
        this.#copyFrom.push(source ? at + from : from);
        this.#copyTo.push(source ? at + to : to);
      }
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
  addGroup(group: readonly Text[], source?: () => Uint8Array): Piece[] {
    let size = 0;
    for (let i = 0; i < group.length; i++) size += group[i]!.byteLength;
    if (this.#bytes > 0 && this.#bytes + size > this.chunkSize) this.end();
    const pieces: Piece[] = [];
    if (this.#bytes + size <= this.chunkSize) {
      // The whole group in this chunk (nearly every article): what add() does text by text, at
      // once: one piece, and one copy of the group's bytes when they are one after another.
      if (size > 0) pieces.push({ chunk: this.chunks.length, offset: this.#bytes, length: size });
      if (source && size > 0) {
        this.#copies.push(source);
        this.#copyFrom.push(0);
        this.#copyTo.push(size);
      }
      for (let i = 0; i < group.length; i++) {
        const text = group[i]!;
        const length = text.byteLength;
        text.layoutOffset = this.#size;
        this.#size += length;
        if (length === 0) continue;
        this.#texts.push(text);
        this.#from.push(0);
        this.#to.push(length);
        if (!source) {
          this.#copies.push(text);
          this.#copyFrom.push(0);
          this.#copyTo.push(length);
        }
      }
      this.#bytes += size;
      if (this.#bytes === this.chunkSize) this.end();
    } else {
      let at = 0;
      for (let i = 0; i < group.length; i++) {
        this.add(group[i]!, false, pieces, source, at);
        at += group[i]!.byteLength;
      }
    }
    const first = group[0];
    if (first && this.#bytes >= this.chunkSize / 4 && first.digest[0]! < 64) this.end();
    return pieces;
  }

  end(): void {
    if (this.#bytes === 0) return;
    const texts = this.#texts;
    const froms = this.#from;
    const tos = this.#to;
    const byteLength = this.#bytes;
    // Each piece's digest and bounds, hashed in one update. The bounds are written little-endian,
    // as the typed array before wrote them on every machine the build runs on (ranges.bin needs
    // one, asserted above), so the keys the build's cache keeps stay the same.
    const input = Buffer.allocUnsafe(texts.length * 40);
    for (let i = 0; i < texts.length; i++) {
      texts[i]!.copyDigestInto(input, 40 * i);
      input.writeUInt32LE(froms[i]!, 40 * i + 32);
      input.writeUInt32LE(tos[i]!, 40 * i + 36);
    }
    const key = hash("sha256", input, "hex");
    const copies = this.#copies;
    const copyFrom = this.#copyFrom;
    const copyTo = this.#copyTo;
    const bytes = (into?: Uint8Array) => {
      // Every byte is written below.
      if (into && into.byteLength < byteLength) throw new Error(`a chunk of ${byteLength} bytes does not fit in ${into.byteLength}`);
      const chunk = into ? Buffer.from(into.buffer, into.byteOffset, byteLength) : Buffer.allocUnsafe(byteLength);
      let at = 0;
      for (let i = 0; i < copies.length; i++) {
        const source = copies[i]!;
        const from = copyFrom[i]!;
        const to = copyTo[i]!;
        if (source instanceof Text) source.copyInto(chunk, at, from, to);
        else chunk.set(source().subarray(from, to), at);
        at += to - from;
      }
      if (at !== byteLength) throw new Error(`a chunk of ${byteLength} bytes was given ${at}`);
      return chunk;
    };
    const runs = () => {
      const runs: ChunkRun[] = [];
      for (let i = 0; i < copies.length; i++) {
        const source = copies[i]!;
        if (source instanceof Text) return undefined;
        runs.push([source(), copyFrom[i]!, copyTo[i]!]);
      }
      return runs;
    };
    this.chunks.push({ bytes, runs, byteLength, key });
    this.#texts = [];
    this.#from = [];
    this.#to = [];
    this.#copies = [];
    this.#copyFrom = [];
    this.#copyTo = [];
    this.#bytes = 0;
  }
}

/** What a chunk's bytes are copied from: a text, or a group's texts' bytes one after another. */
type CopySource = Text | (() => Uint8Array);

/** Bytes of a chunk (by its index) that hold texts of one group, one after another. */
interface Piece {
  chunk: number;
  offset: number;
  length: number;
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
