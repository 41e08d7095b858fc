import { describe, expect, it } from "vitest";
import { BodyCache } from "../../src/http/body-cache.ts";

/** A body source that counts how often it had to produce its text. */
function counted(text: string): { source: () => string; calls: () => number } {
  let calls = 0;
  return {
    source: () => {
      calls++;
      return text;
    },
    calls: () => calls,
  };
}

describe("encoded body cache", () => {
  it("Should encode a body once and serve the same bytes while it fits", () => {
    const cache = new BodyCache(100);
    const page = counted("é".repeat(10));
    const first = cache.bytes(page.source);
    expect(new TextDecoder().decode(first)).toBe("é".repeat(10));
    expect(cache.bytes(page.source)).toBe(first);
    expect(page.calls()).toBe(1);
    expect(cache.size).toBe(20);
  });

  it("Should let the least recently served body go first, and never hold more than its capacity", () => {
    const cache = new BodyCache(100);
    const [a, b, c] = [counted("a".repeat(40)), counted("b".repeat(40)), counted("c".repeat(40))];
    cache.bytes(a.source);
    cache.bytes(b.source);
    cache.bytes(a.source); // a is now more recent than b
    cache.bytes(c.source); // 120 bytes > 100: b goes
    expect(cache.size).toBeLessThanOrEqual(100);
    cache.bytes(a.source);
    cache.bytes(b.source);
    expect(a.calls()).toBe(1);
    expect(b.calls()).toBe(2);
  });

  it("Should still serve a body larger than its whole capacity, without keeping it or evicting others", () => {
    const cache = new BodyCache(100);
    const small = counted("s".repeat(10));
    const huge = counted("h".repeat(500));
    cache.bytes(small.source);
    expect(cache.bytes(huge.source).byteLength).toBe(500);
    expect(cache.bytes(huge.source).byteLength).toBe(500);
    cache.bytes(small.source);
    expect(huge.calls()).toBe(2);
    expect(small.calls()).toBe(1);
    expect(cache.size).toBe(10);
  });
});
