import { hash } from "node:crypto";

/**
 * A piece of text that documents are assembled from: an article's body, its feed items'
 * markup around it, a page's markup, a feed's head. Each distinct text is one object per build
 * (Texts), so the encoder stores it once however many documents carry it, and its bytes and
 * digest are computed once. A text the build's cache kept is its bytes and digest alone, decoded
 * only if something reads it as a string.
 */
export class Text {
  #value: string | undefined;
  #bytes: Buffer | undefined;
  #byteLength: number | undefined;
  #digest: Buffer | undefined;
  /** For a text the build's cache kept: its article's kept texts, which text of them it is, and where its bytes start among theirs. */
  #kept: KeptTexts | undefined;
  #index = 0;
  #from = 0;
  /**
   * Scratch space of the layout being made (src/store/encode.ts layOutText), meaningful only while
   * `layout` is that layout's token: which group holds the text, and its offset in the stored
   * text. A layout visits every part of every document, hundreds of thousands at 4,000 articles;
   * marks on the texts themselves cost a fraction of sets and maps that size.
   */
  layout: object | undefined = undefined;
  layoutGroup = -1;
  layoutOffset = -1;

  private constructor(value: string | undefined, bytes: Buffer | undefined, byteLength: number | undefined) {
    this.#value = value;
    this.#bytes = bytes;
    this.#byteLength = byteLength;
  }

  static of(value: string): Text {
    return new Text(value, undefined, undefined);
  }

  /**
   * A text whose bytes are wanted anyway (an article's, which its chunk or a worker's answer
   * carries): encoded now, then measured and hashed from the bytes, one UTF-8 encoding where a
   * text made from its string is encoded three times (hashed, measured, then copied).
   */
  static encoded(value: string): Text {
    return new Text(value, Buffer.from(value, "utf8"), undefined);
  }

  /**
   * Text `index` of an article's texts that the build's cache kept: `byteLength` bytes from `from`
   * of theirs. Its digest and bytes are read from `kept` when something asks for them; thousands
   * of articles' texts are made at every build, so each is this object alone (src/build/build-cache.ts).
   */
  static kept(byteLength: number, kept: KeptTexts, index: number, from: number): Text {
    const text = new Text(undefined, undefined, byteLength);
    text.#kept = kept;
    text.#index = index;
    text.#from = from;
    return text;
  }

  get value(): string {
    return (this.#value ??= this.bytes.toString("utf8"));
  }

  /** UTF-8, as the Worker sends it. */
  get bytes(): Buffer {
    if (this.#bytes === undefined) this.#bytes = this.#kept ? this.#kept.bytes().subarray(this.#from, this.#from + this.#byteLength!) : Buffer.from(this.#value!, "utf8");
    return this.#bytes;
  }

  // A text made from a string is measured and hashed from the string: its bytes are made only
  // when a chunk that holds it is written (copyInto), which a build that finds the chunk
  // compressed already never does.

  get byteLength(): number {
    return (this.#byteLength ??= this.#bytes === undefined ? Buffer.byteLength(this.#value!, "utf8") : this.#bytes.length);
  }

  /** SHA-256 of the bytes: what entity tags, chunk keys and the registry of texts are made from. */
  get digest(): Buffer {
    if (this.#digest === undefined) {
      const kept = this.#kept;
      this.#digest = kept ? kept.digests.subarray(DIGEST_BYTES * this.#index, DIGEST_BYTES * this.#index + DIGEST_BYTES) : hash("sha256", this.#bytes === undefined ? this.#value! : this.#bytes, "buffer");
    }
    return this.#digest;
  }

  /**
   * Writes the digest into `target` at `at`: what a chunk's key and an entity tag are hashed
   * from. A kept text's is copied from its article's digests, without a view of them made and
   * kept for each of tens of thousands of texts.
   */
  copyDigestInto(target: Uint8Array, at: number): void {
    const kept = this.#digest === undefined ? this.#kept : undefined;
    if (kept) {
      const digests = kept.digests;
      const from = DIGEST_BYTES * this.#index;
      for (let i = 0; i < DIGEST_BYTES; i++) target[at + i] = digests[from + i]!;
    } else target.set(this.digest, at);
  }

  /** Writes bytes `from` to `to` of the text into `target` at `at`. */
  copyInto(target: Buffer, at: number, from: number, to: number): void {
    if (this.#bytes === undefined && this.#kept === undefined && from === 0 && to === this.byteLength) {
      // The chunk is not zero-filled: a count other than the measured one must not go unnoticed.
      const written = target.write(this.#value!, at, "utf8");
      if (written !== to) throw new Error(`a text measured ${to} bytes of UTF-8 but wrote ${written}`);
    } else {
      target.set(from === 0 && to === this.bytes.length ? this.bytes : this.bytes.subarray(from, to), at);
    }
  }
}

/** SHA-256's length in bytes: a text's digest. */
export const DIGEST_BYTES = 32;

/**
 * An article's texts as the build's cache kept them (src/build/build-cache.ts): their SHA-256
 * digests, DIGEST_BYTES each, one after another, and their bytes one after another, read on
 * first use.
 */
export interface KeptTexts {
  readonly digests: Buffer;
  bytes(): Buffer;
}

/**
 * A text written as it appears between the quotes of a JSON string (JSON.stringify's escape): a
 * JSON Feed's `content_html` is the article's HTML, stored once and escaped as the Worker reads it
 * (src/store/decode.ts).
 */
export class JsonEscaped {
  #escaped: string | undefined;
  #byteLength: number | undefined;

  constructor(
    readonly text: Text,
    /** The escape itself, when the caller has it already. */
    escaped?: string,
    /** Its length in bytes, when the caller knows it. */
    byteLength?: number,
  ) {
    this.#escaped = escaped;
    this.#byteLength = byteLength;
  }

  /** The escape, as JSON.stringify writes the text inside a string. */
  get value(): string {
    return (this.#escaped ??= JSON.stringify(this.text.value).slice(1, -1));
  }

  get byteLength(): number {
    return (this.#byteLength ??= Buffer.byteLength(this.value, "utf8"));
  }
}

/** One piece of a document's body, in order: a text as is, or JSON-escaped. */
export type Part = Text | JsonEscaped;

/** The texts of one build, each distinct text one Text, whether rendered now or kept by the cache. */
export class Texts {
  /** Made on first use: the build makes a registry for each article, and one the cache kept never uses its own. */
  #known: Map<string, Text> | undefined;
  readonly #make: (value: string) => Text;

  /** encode: every text made here is Text.encoded (an article's own texts), Text.of otherwise. */
  constructor({ encode = false }: { encode?: boolean } = {}) {
    this.#make = encode ? Text.encoded : Text.of;
  }

  of(value: string): Text {
    return this.#register(this.#make(value));
  }

  #register(text: Text): Text {
    const key = text.digest.toString("base64");
    const known = (this.#known ??= new Map()).get(key);
    if (known) return known;
    this.#known.set(key, text);
    return text;
  }

  /**
   * `value` as parts: cut around an occurrence of each of `shared`, so a text that many documents
   * carry (an article's body, a listing's teasers, the site's style sheet) is one part of each of
   * them. The parts always join to `value`.
   *
   * Each text is looked for after the previous one's cut, then, if not found there, from the
   * start; an occurrence that would overlap a cut already made does not count. Texts given in the
   * order they appear (a page's markup, then its teasers) are found in one pass over `value`.
   */
  cut(value: string, shared: readonly (Text | JsonEscaped)[]): Part[] {
    // The cuts made so far, as [from, to, text], sorted by position.
    const cuts: [from: number, to: number, text: Text | JsonEscaped][] = [];
    let cursor = 0;
    for (const text of shared) {
      const needle = text.value;
      if (needle.length === 0) continue;
      const at = this.#free(value, needle, cursor, cuts) ?? (cursor > 0 ? this.#free(value, needle, 0, cuts, cursor + needle.length - 1) : undefined);
      if (at === undefined) continue;
      cuts.splice(insertionPoint(cuts, at), 0, [at, at + needle.length, text]);
      cursor = at + needle.length;
    }
    const parts: Part[] = [];
    let at = 0;
    for (const [from, to, text] of cuts) {
      if (from > at) parts.push(this.of(value.slice(at, from)));
      parts.push(text);
      at = to;
    }
    if (at < value.length || cuts.length === 0) parts.push(this.of(at === 0 ? value : value.slice(at)));
    return parts;
  }

  /** The first occurrence of `needle` in `value` from `from` (ending before `end`) that overlaps no cut. */
  #free(value: string, needle: string, from: number, cuts: readonly [number, number, unknown][], end = Infinity): number | undefined {
    for (let at = value.indexOf(needle, from); at !== -1 && at + needle.length <= end; at = value.indexOf(needle, at + 1)) {
      const next = insertionPoint(cuts, at);
      const before = cuts[next - 1];
      const after = cuts[next];
      if ((!before || before[1] <= at) && (!after || at + needle.length <= after[0])) return at;
    }
    return undefined;
  }
}

/** Where a cut starting at `at` goes among `cuts`, sorted by start. */
function insertionPoint(cuts: readonly [number, number, unknown][], at: number): number {
  let low = 0;
  let high = cuts.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (cuts[middle]![0] < at) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** What a document's parts join to. */
export function joinParts(parts: readonly Part[]): string {
  return parts.map((part) => part.value).join("");
}
