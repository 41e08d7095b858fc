/** Bytes, or a Blob of them: what a cache counts against its capacity by their length. */
export type Bytes = Uint8Array | Blob;

/**
 * Bytes produced on first use and kept while they fit in `capacity`, the least recently used let
 * go first: document bodies as Blobs (src/store/decode.ts, src/http/serve.ts), so that a warm
 * document is served as a lookup, and inflated chunks of the shared text. The bound keeps an isolate asked for
 * every document of a large site under Cloudflare's memory limit per isolate. Bytes larger than the whole capacity are
 * produced for each use and never kept.
 */
export class ByteCache<Key, Value extends Bytes = Uint8Array> {
  readonly #entries = new Map<Key, Value>();
  #size = 0;

  constructor(readonly capacity: number) {}

  /** The bytes kept for `key`, if any, now the most recently used. */
  get(key: Key): Value | undefined {
    const cached = this.#entries.get(key);
    if (cached) {
      // Map keeps insertion order: re-inserting makes this the most recently used.
      this.#entries.delete(key);
      this.#entries.set(key, cached);
    }
    return cached;
  }

  /**
   * The bytes for `key`: kept ones, or `produce()`'s, kept if they fit. A failure is not kept.
   *
   * Concurrent first requests for one key each produce their own bytes rather than share one
   * promise: in workerd a request must not wait on a promise that another request's I/O (here a
   * DecompressionStream) settles; it sees nothing of its own pending and is cancelled as hung
   * (npm run bench --scale reproduces it with concurrent first requests on a large site; see
   * docs/architecture.md). Only the finished bytes, plain memory, are shared.
   */
  async load(key: Key, produce: () => Promise<Value>): Promise<Value> {
    const cached = this.get(key);
    if (cached) return cached;
    const bytes = await produce();
    this.#keep(key, bytes);
    return bytes;
  }

  #keep(key: Key, bytes: Value): void {
    if (lengthOf(bytes) > this.capacity || this.#entries.has(key)) return;
    this.#entries.set(key, bytes);
    this.#size += lengthOf(bytes);
    for (const [oldest, evicted] of this.#entries) {
      if (this.#size <= this.capacity) break;
      this.#entries.delete(oldest);
      this.#size -= lengthOf(evicted);
    }
  }

  /** Bytes held now, never above `capacity`. */
  get size(): number {
    return this.#size;
  }
}

function lengthOf(bytes: Bytes): number {
  return bytes instanceof Uint8Array ? bytes.byteLength : bytes.size;
}
