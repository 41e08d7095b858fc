import { describe, expect, it } from "vitest";
import { ByteCache } from "../../src/store/byte-cache.ts";

/** A producer of `size` bytes that counts how often it was asked. */
function counted(size: number, fill = 0x61): { produce: () => Promise<Uint8Array>; calls: () => number } {
  let calls = 0;
  return {
    produce: () => {
      calls++;
      return Promise.resolve(new Uint8Array(size).fill(fill));
    },
    calls: () => calls,
  };
}

describe("byte cache", () => {
  it("Should produce bytes once and give the same bytes while they fit", async () => {
    const cache = new ByteCache<string>(100);
    const page = counted(20);
    expect(cache.get("page")).toBeUndefined();
    const first = await cache.load("page", page.produce);
    expect(first.byteLength).toBe(20);
    expect(cache.get("page")).toBe(first);
    expect(await cache.load("page", page.produce)).toBe(first);
    expect(page.calls()).toBe(1);
    expect(cache.size).toBe(20);
  });

  it("Should let concurrent first requests each produce their own bytes, never wait on another's, and keep one copy", async () => {
    const cache = new ByteCache<string>(100);
    const page = counted(20);
    const [a, b] = await Promise.all([cache.load("page", page.produce), cache.load("page", page.produce)]);
    expect(a).not.toBe(b);
    expect(a).toEqual(b);
    expect(page.calls()).toBe(2);
    expect(cache.size).toBe(20);
    expect(await cache.load("page", page.produce)).toBe(cache.get("page"));
    expect(page.calls()).toBe(2);
  });

  it("Should let the least recently used bytes go first, and never hold more than its capacity", async () => {
    const cache = new ByteCache<string>(100);
    const [a, b, c] = [counted(40), counted(40), counted(40)];
    await cache.load("a", a.produce);
    await cache.load("b", b.produce);
    cache.get("a"); // a is now more recent than b
    await cache.load("c", c.produce); // 120 bytes > 100: b goes
    expect(cache.size).toBeLessThanOrEqual(100);
    expect(cache.get("b")).toBeUndefined();
    await cache.load("a", a.produce);
    await cache.load("b", b.produce);
    expect(a.calls()).toBe(1);
    expect(b.calls()).toBe(2);
  });

  it("Should still give bytes larger than its whole capacity, without keeping them or evicting others", async () => {
    const cache = new ByteCache<string>(100);
    const small = counted(10);
    const huge = counted(500);
    await cache.load("small", small.produce);
    expect((await cache.load("huge", huge.produce)).byteLength).toBe(500);
    expect((await cache.load("huge", huge.produce)).byteLength).toBe(500);
    expect(huge.calls()).toBe(2);
    expect(cache.get("small")).toBeDefined();
    expect(cache.size).toBe(10);
  });

  it("Should pass a failure on and not keep it: the next request tries again", async () => {
    const cache = new ByteCache<string>(100);
    let fail = true;
    const produce = () => (fail ? Promise.reject(new Error("corrupt chunk")) : Promise.resolve(new Uint8Array(5)));
    await expect(cache.load("page", produce)).rejects.toThrow("corrupt chunk");
    fail = false;
    expect((await cache.load("page", produce)).byteLength).toBe(5);
  });

  it("Should count a Blob by its size, as it counts bytes", async () => {
    const cache = new ByteCache<string, Blob>(100);
    const a = await cache.load("a", () => Promise.resolve(new Blob([new Uint8Array(60)])));
    expect(cache.size).toBe(60);
    await cache.load("b", () => Promise.resolve(new Blob([new Uint8Array(30)])));
    expect(cache.size).toBe(90);
    // 60 + 30 + 20 > 100: the least recently used ("a") goes.
    await cache.load("c", () => Promise.resolve(new Blob([new Uint8Array(20)])));
    expect(cache.size).toBe(50);
    expect(cache.get("a")).toBeUndefined();
    expect(a.size).toBe(60);
    // Larger than the whole capacity: produced, never kept.
    await cache.load("huge", () => Promise.resolve(new Blob([new Uint8Array(101)])));
    expect(cache.get("huge")).toBeUndefined();
    expect(cache.size).toBe(50);
  });
});
