// The states test/support/cache-writer.ts saves, and how test/build/cache-file.test.ts tells that
// one read back is whole.
import { createHash } from "node:crypto";
import type { CacheState } from "../../src/build/cache-file.ts";

export const CACHE_WRITER_INPUTS = "cache-writer";

export function emptyState(): CacheState {
  const items = new Map<string, unknown>();
  // Enough bytes that journals pass 1 MiB now and then, and a new base is written.
  for (let i = 0; i < 40; i++) items.set(`seed-${i}`, item(`seed-${i}`));
  return { inputs: CACHE_WRITER_INPUTS, settings: [], maps: { items, manifest: new Map([["keys", [...items.keys()].sort()]]) } };
}

export function item(key: string): { key: string; bytes: Uint8Array; made: Date } {
  return { key, bytes: bytesOf(key), made: new Date(Date.UTC(2024, 0, 1)) };
}

function bytesOf(key: string): Buffer {
  const digest = createHash("sha256").update(key).digest();
  return Buffer.concat(Array.from({ length: 3_000 }, () => digest));
}

/** What is wrong with a state read back, if anything: every item as its key makes it, and the items the manifest lists, no more. */
export function checkState(state: CacheState): string | undefined {
  const items = state.maps["items"];
  const keys = state.maps["manifest"]?.get("keys") as string[] | undefined;
  if (!items || !keys) return "a map is missing";
  if (JSON.stringify([...items.keys()].sort()) !== JSON.stringify(keys)) return `items ${[...items.keys()].sort().join(" ")} where the manifest lists ${keys.join(" ")}`;
  for (const [key, value] of items) {
    const { key: own, bytes, made } = value as { key: string; bytes: Uint8Array; made: Date };
    if (own !== key || !bytesOf(key).equals(bytes) || made.getTime() !== Date.UTC(2024, 0, 1)) return `the item ${key} is not whole`;
  }
  return undefined;
}
