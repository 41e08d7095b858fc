/** Produces a document's body; called again only after the cache let its bytes go. */
export type BodySource = () => string;

/**
 * Bodies as UTF-8, encoded on first use and kept while they fit in `capacity` bytes, the least
 * recently served let go first. workerd copies bytes straight into a response but transcodes a
 * string on every request (a pre-encoded 8 KB page costs about 0.7x the CPU of the string, a
 * 300 KB feed about 0.3x: npm run bench), so warm documents are a lookup; the bound keeps an
 * isolate that is asked for every document of a large site under its 128 MiB. A body larger
 * than the whole capacity is encoded for each request and never kept.
 */
export class BodyCache {
  readonly #entries = new Map<BodySource, Uint8Array>();
  #size = 0;

  constructor(readonly capacity: number) {}

  bytes(source: BodySource): Uint8Array {
    const cached = this.#entries.get(source);
    if (cached) {
      // Map keeps insertion order: re-inserting makes this the most recently used.
      this.#entries.delete(source);
      this.#entries.set(source, cached);
      return cached;
    }
    const bytes = UTF8.encode(source());
    if (bytes.byteLength > this.capacity) return bytes;
    this.#entries.set(source, bytes);
    this.#size += bytes.byteLength;
    for (const [oldest, evicted] of this.#entries) {
      if (this.#size <= this.capacity) break;
      this.#entries.delete(oldest);
      this.#size -= evicted.byteLength;
    }
    return bytes;
  }

  /** Bytes held now, never above `capacity`. */
  get size(): number {
    return this.#size;
  }
}

const UTF8 = new TextEncoder();
