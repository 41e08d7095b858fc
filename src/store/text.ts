import { createHash } from "node:crypto";

/**
 * A piece of text that documents are assembled from: an article's body, its feed items'
 * markup around it, a page's markup, a feed's head. Each distinct text is one object per build
 * (Texts), so the encoder stores it once however many documents carry it, and its bytes and
 * digest are computed once. A text the build's cache kept is its bytes and digest alone, decoded
 * only if something reads it as a string.
 */
export class Text {
  #value: string | undefined;
  #bytes: Buffer | (() => Buffer) | undefined;
  #byteLength: number | undefined;
  #digest: Buffer | undefined;

  private constructor(value: string | undefined, bytes: Buffer | (() => Buffer) | undefined, byteLength: number | undefined, digest: Buffer | undefined) {
    this.#value = value;
    this.#bytes = bytes;
    this.#byteLength = byteLength;
    this.#digest = digest;
  }

  static of(value: string): Text {
    return new Text(value, undefined, undefined, undefined);
  }

  /**
   * A text the build's cache kept: its length and digest, and where to get its bytes should
   * anything need them (src/build/build-cache.ts inflates them from the stored chunks).
   */
  static kept(byteLength: number, digest: Uint8Array, bytes: () => Buffer): Text {
    return new Text(undefined, bytes, byteLength, Buffer.from(digest.buffer, digest.byteOffset, digest.byteLength));
  }

  get value(): string {
    return (this.#value ??= this.bytes.toString("utf8"));
  }

  /** UTF-8, as the Worker sends it. */
  get bytes(): Buffer {
    if (typeof this.#bytes === "function") this.#bytes = this.#bytes();
    if (this.#bytes === undefined) this.#bytes = Buffer.from(this.#value!, "utf8");
    return this.#bytes;
  }

  get byteLength(): number {
    return (this.#byteLength ??= this.bytes.length);
  }

  /** SHA-256 of the bytes: what entity tags, chunk keys and the registry of texts are made from. */
  get digest(): Buffer {
    return (this.#digest ??= createHash("sha256").update(this.bytes).digest());
  }
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
  readonly #known = new Map<string, Text>();

  of(value: string): Text {
    return this.#register(Text.of(value));
  }

  #register(text: Text): Text {
    const key = text.digest.toString("base64");
    const known = this.#known.get(key);
    if (known) return known;
    this.#known.set(key, text);
    return text;
  }

  /**
   * `value` as parts: cut around the first occurrence of each of `shared` (in order), so a text that many documents carry, an article's body or the
   * site's style sheet, is one part of each of them. The parts always join to `value`.
   */
  cut(value: string, shared: readonly (Text | JsonEscaped)[]): Part[] {
    let parts: (Part | string)[] = [value];
    for (const text of shared) {
      const needle = text.value;
      if (needle.length === 0) continue;
      const next: (Part | string)[] = [];
      let found = false;
      for (const part of parts) {
        const at = !found && typeof part === "string" ? part.indexOf(needle) : -1;
        if (at === -1) {
          next.push(part);
          continue;
        }
        found = true;
        if (at > 0) next.push((part as string).slice(0, at));
        next.push(text);
        if (at + needle.length < (part as string).length) next.push((part as string).slice(at + needle.length));
      }
      parts = next;
    }
    return parts.map((part) => (typeof part === "string" ? this.of(part) : part));
  }
}

/** What a document's parts join to. */
export function joinParts(parts: readonly Part[]): string {
  return parts.map((part) => part.value).join("");
}
