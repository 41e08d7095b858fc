import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { journalFile, readCache, writeCache, type CacheBase, type CacheState } from "../../src/build/cache-file.ts";
import { temporaryDir } from "../support/content-dir.ts";
import { CACHE_WRITER_INPUTS, checkState } from "../support/cache-states.ts";

// The build cache's files (src/build/cache-file.ts): a base and a journal of what changed since,
// each whole or not used at all.

const INPUTS = "cache-file test";
const RUN = fileURLToPath(new URL("../../scripts/run.mjs", import.meta.url));
const WRITER = fileURLToPath(new URL("../support/cache-writer.ts", import.meta.url));

/** A state of `n` entries shaped like the build's (strings, numbers, dates, byte arrays), and a chunk map. */
function stateOf(n: number, tag = "v1"): CacheState {
  const entries = new Map<string, unknown>();
  for (let i = 0; i < n; i++) entries.set(`entry-${i}`, entry(i, tag));
  const chunks = new Map<string, unknown>([["chunk-a", Buffer.alloc(2_000, 1)], ["chunk-b", new Uint8Array([1, 2, 3])]]);
  return { inputs: INPUTS, settings: [["site", "{}"]], maps: { entries, chunks } };
}

function entry(i: number, tag: string) {
  return {
    slug: `slug-${i}`,
    article: { title: `Title ${i} ${tag} — 한국어 😀`, published: new Date(Date.UTC(2024, 0, 1 + i)), tags: ["a", "b"], image: undefined },
    texts: { lengths: [1, 2, 3], digests: Buffer.alloc(64, i), place: [{ key: "chunk-a", offset: i, length: 3 }] },
  };
}

/** A state to compare: maps as arrays, byte arrays (a Buffer or not) by their digest, dates by their time. */
const plain = (state: CacheState) => ({ ...state, maps: Object.fromEntries(Object.entries(state.maps).map(([name, map]) => [name, comparable([...map])])) });

function comparable(value: unknown): unknown {
  if (value instanceof Uint8Array) return `bytes ${createHash("sha256").update(value).digest("hex")}`;
  if (value instanceof Date) return `date ${value.getTime()}`;
  if (Array.isArray(value)) return value.map(comparable);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([key, property]) => [key, comparable(property)]));
  return value;
}

async function saved(dir: string, state: CacheState, base?: CacheBase): Promise<CacheBase> {
  return writeCache(join(dir, "articles.bin"), state, base);
}

const read = (dir: string, inputs = INPUTS) => readCache(join(dir, "articles.bin"), inputs);

describe("the build cache's files", () => {
  it("give back what was saved: strings of any script, numbers JSON has not, dates, byte arrays, undefined in arrays", async () => {
    const dir = temporaryDir("edgefeed-cache-file-");
    const state = stateOf(3);
    const odd = { numbers: [Number.NaN, Infinity, -Infinity, -0, 0, 1.5], dates: [new Date(Number.NaN), new Date(0)], holes: [undefined, null, 1], lone: "\ud800 and \udfff", control: "\u0000\u001f\u007f" };
    state.maps["entries"]!.set("odd", odd);
    await saved(dir, state);

    const back = read(dir)!.state;
    // (toEqual takes an object's property set to undefined for one left out, as the file does: it reads the same.)
    expect(plain(back)).toEqual(plain(state));
    const oddBack = back.maps["entries"]!.get("odd") as typeof odd;
    expect(Object.is(oddBack.numbers[3], -0)).toBe(true);
    expect(Number.isNaN(oddBack.dates[0]!.getTime())).toBe(true);
    expect(oddBack.holes).toHaveLength(3);
    expect(0 in oddBack.holes && oddBack.holes[0] === undefined).toBe(true);
    expect(back.maps["chunks"]!.get("chunk-b")).toBeInstanceOf(Uint8Array);
  });

  it("refuse to save what they could not give back", async () => {
    const dir = temporaryDir("edgefeed-cache-file-");
    for (const value of [new Map(), new Set(), new (class Thing {})(), () => 1, 1n, new Uint16Array(2)]) {
      const state = stateOf(1);
      state.maps["entries"]!.set("bad", { nested: [value] });
      await expect(saved(dir, state)).rejects.toThrow(/cannot keep .* \(at 1\.1\.nested\.0\)/);
    }
  });

  it("write a small change as a journal beside the base, and read both back as the state saved", async () => {
    const dir = temporaryDir("edgefeed-cache-file-");
    const state = stateOf(200);
    const base = await saved(dir, state);
    const baseBytes = readFileSync(join(dir, "articles.bin"));
    const entries = state.maps["entries"]!;
    entries.set("entry-1", entry(1, "v2"));
    entries.delete("entry-2");
    entries.set("entry-new", entry(999, "v1"));
    // Changed in place, as the build changes an entry's place: the base is told.
    const touched = entries.get("entry-3") as ReturnType<typeof entry>;
    touched.texts.place = [{ key: "chunk-b", offset: 0, length: 1 }];
    base.touched.add(touched);
    state.maps["chunks"]!.set("chunk-c", Buffer.from("new chunk"));
    state.maps["chunks"]!.delete("chunk-a");
    state.settings = [["site", '{"title":"new"}']];

    expect(await saved(dir, state, base)).toBe(base);
    expect(readFileSync(join(dir, "articles.bin")).equals(baseBytes)).toBe(true);
    const journal = readFileSync(journalFile(join(dir, "articles.bin")));
    expect(journal.length).toBeLessThan(baseBytes.length / 20);
    const back = read(dir)!.state;
    expect(back.settings).toEqual(state.settings);
    expect([...back.maps["entries"]!.keys()].sort()).toEqual([...entries.keys()].sort());
    expect(back.maps["entries"]!.get("entry-1")).toMatchObject({ article: { title: expect.stringContaining("v2") } });
    expect(back.maps["entries"]!.get("entry-3")).toMatchObject({ texts: { place: [{ key: "chunk-b" }] } });
    expect([...back.maps["chunks"]!.keys()].sort()).toEqual(["chunk-b", "chunk-c"]);

    // The next save's journal is again all that differs from the base, not what differs from the last journal.
    entries.delete("entry-new");
    expect(await saved(dir, state, base)).toBe(base);
    const next = read(dir)!.state;
    expect(next.maps["entries"]!.has("entry-new")).toBe(false);
    expect(next.maps["entries"]!.get("entry-1")).toMatchObject({ article: { title: expect.stringContaining("v2") } });
    expect(next.maps["entries"]!.has("entry-2")).toBe(false);
  });

  it("write a new base, and drop the journal, once the journal would be large", async () => {
    const dir = temporaryDir("edgefeed-cache-file-");
    const state = stateOf(100);
    // Large values: a journal of a quarter of them passes 1 MiB and an eighth of the base.
    for (let i = 0; i < 100; i++) state.maps["chunks"]!.set(`big-${i}`, Buffer.alloc(100_000, i));
    let base = await saved(dir, state);
    state.maps["entries"]!.set("entry-0", entry(0, "v2"));
    const afterSmall = await saved(dir, state, base);
    expect(afterSmall).toBe(base);
    expect(existsSync(journalFile(join(dir, "articles.bin")))).toBe(true);
    for (let i = 0; i < 25; i++) state.maps["chunks"]!.set(`big-${i}`, Buffer.alloc(100_000, 255 - i));
    base = await saved(dir, state, base);
    expect(base).not.toBe(afterSmall);
    expect(existsSync(journalFile(join(dir, "articles.bin")))).toBe(false);
    expect(plain(read(dir)!.state)).toEqual(plain(state));
  });

  it("are not used when made with other inputs, torn or altered; a bad journal leaves the base alone", async () => {
    const dir = temporaryDir("edgefeed-cache-file-");
    const file = join(dir, "articles.bin");
    const state = stateOf(50);
    const base = await saved(dir, state);
    const baseState = plain(read(dir)!.state);
    state.maps["entries"]!.set("entry-7", entry(7, "v2"));
    await saved(dir, state, base);
    const journal = readFileSync(journalFile(file));
    expect(plain(read(dir)!.state)).toEqual(plain(state));

    expect(read(dir, "other inputs")).toBeUndefined();

    // The journal torn (cut short) or altered (each part of it: the head, the JSON, the bytes).
    truncateSync(journalFile(file), journal.length - 10);
    expect(plain(read(dir)!.state)).toEqual(baseState);
    for (const at of [9, 30, journal.length >> 1, journal.length - 1]) {
      const altered = Buffer.from(journal);
      altered[at] = altered[at]! ^ 0x20;
      writeFileSync(journalFile(file), altered);
      expect(plain(read(dir)!.state), `byte ${at}`).toEqual(baseState);
    }

    // The base torn or altered: nothing is used, the journal neither.
    writeFileSync(journalFile(file), journal);
    const bytes = readFileSync(file);
    for (const at of [0, 9, 30, bytes.length >> 1, bytes.length - 1]) {
      const altered = Buffer.from(bytes);
      altered[at] = altered[at]! ^ 0x01;
      writeFileSync(file, altered);
      expect(read(dir), `byte ${at}`).toBeUndefined();
    }
    writeFileSync(file, bytes.subarray(0, bytes.length - 1));
    expect(read(dir)).toBeUndefined();
    writeFileSync(file, Buffer.alloc(0));
    expect(read(dir)).toBeUndefined();
  });

  it("ignore a journal over another base, and write a whole base rather than a journal over a base replaced since", async () => {
    const dir = temporaryDir("edgefeed-cache-file-");
    const file = join(dir, "articles.bin");
    // Two builds open the same cache.
    const one = stateOf(50);
    await saved(dir, one);
    const first = read(dir)!;
    const second = read(dir)!;
    first.state.maps["entries"]!.set("entry-1", entry(1, "first"));
    await saved(dir, first.state, first.base);
    const firstJournal = readFileSync(journalFile(file));

    // Another writer replaces the base (a cache made afresh); the first build's journal, put
    // back beside it as a rename could leave it, is not applied to it.
    const other = stateOf(50, "other");
    await saved(dir, other);
    writeFileSync(journalFile(file), firstJournal);
    expect(plain(read(dir)!.state)).toEqual(plain(other));

    // The second build saves over the base it read, which is gone: a whole base of its state.
    second.state.maps["entries"]!.set("entry-2", entry(2, "second"));
    const base = await saved(dir, second.state, second.base);
    expect(base).not.toBe(second.base);
    expect(plain(read(dir)!.state)).toEqual(plain(second.state));
  });

  it("read back whole while two processes save at once, each from its memory or from what it read", async () => {
    const dir = temporaryDir("edgefeed-cache-file-");
    const file = join(dir, "articles.bin");
    const writers = ["one", "two"].map(
      (name) =>
        new Promise<{ code: number | null; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, [RUN, WRITER, file, name, "40"], { stdio: ["ignore", "ignore", "pipe"] });
          let stderr = "";
          child.stderr.on("data", (data: Buffer) => (stderr += data.toString()));
          child.on("close", (code) => resolve({ code, stderr }));
        }),
    );
    // This process reads too, as a third build would, while they write.
    let reads = 0;
    let done = false;
    const results = Promise.all(writers).finally(() => (done = true));
    while (!done) {
      const state = readCache(file, CACHE_WRITER_INPUTS)?.state;
      if (state) {
        expect(checkState(state)).toBeUndefined();
        reads++;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    for (const { code, stderr } of await results) expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    expect(reads).toBeGreaterThan(0);
    const last = readCache(file, CACHE_WRITER_INPUTS)!.state;
    expect(checkState(last)).toBeUndefined();
    expect([...last.maps["items"]!.keys()].some((key) => key.startsWith("one-") || key.startsWith("two-"))).toBe(true);
  }, 120_000);
});
