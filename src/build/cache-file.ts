import { randomBytes } from "node:crypto";
import { closeSync, openSync, readFileSync, readSync, unlinkSync, writeFileSync } from "node:fs";
import { mkdir, rename } from "node:fs/promises";
import { dirname } from "node:path";
import { crc32 } from "node:zlib";

/**
 * The build cache's storage (src/build/build-cache.ts): named maps of string keys to values
 * (entries, compressed chunks, feed shells...), kept in two files.
 *
 * - The base (`articles.bin`): the whole state one build saved, under a random id.
 * - The journal (`articles.journal`) beside it: what the state saved since differs from that
 *   base (values set, keys deleted), all of it, named by the base's id. A build that changed one
 *   article writes a journal of tens of kilobytes rather than the base's tens of megabytes; the
 *   journal replaces the base (compaction) once it grows past a share of it.
 *
 * Each file is written aside whole and renamed into place, so a reader sees a whole file or the
 * one before it, and carries a CRC-32 of its bytes: a torn or altered file is ignored, never
 * trusted. A journal over another base (one that another build wrote since) is ignored: the base
 * alone is then a state a build saved. So two builds saving at once lose at most one's work.
 *
 * A file is `MAGIC | base id (16 bytes) | CRC-32 of what follows it | JSON length | JSON | bytes`.
 * The JSON holds the values as JSON, with what JSON cannot say (byte arrays, dates, undefined,
 * NaN, -0) left out as null and listed in `patches` with their path: byte arrays follow the JSON
 * one after another and are read back as views of the file's bytes. JSON.parse is about twice as
 * fast as V8's deserializer on the build's entries, and a patch list leaves JSON.parse without a
 * reviver (a call per value).
 */
export interface CacheState {
  /** What the cache was made with (the build's code, package versions...): any other and it is not used. */
  inputs: string;
  settings: [string, string][];
  maps: Record<string, Map<string, unknown>>;
}

/** What a state was read from or last written as: what a journal is the difference from. */
export interface CacheBase {
  id: Buffer;
  /** The base's values, the same objects the state was given, by map. */
  maps: Record<string, Map<string, unknown>>;
  /** The base file's length. */
  bytes: number;
  /** The values in `maps` that changed in place since the base was written. */
  touched: WeakSet<object>;
}

/**
 * A journal is replaced by a new base once what it costs a reader, its own bytes and the base's
 * values it replaces or deletes (read for nothing), passes this share of the base's bytes; and
 * 1 MiB, which costs a few milliseconds, so a small cache is not rewritten whole at every save.
 */
const JOURNAL_SHARE = 1 / 8;
const JOURNAL_FLOOR = 1 << 20;

const MAGIC = Buffer.from("EFCACHE\u0001", "latin1");
const ID_BYTES = 16;
const HEAD = MAGIC.length + ID_BYTES + 8;

export function journalFile(baseFile: string): string {
  return baseFile.replace(/\.bin$/, "") + ".journal";
}

/**
 * The state saved at `baseFile` (and its journal), if one was saved with these inputs and
 * reads back whole; undefined otherwise.
 */
export function readCache(baseFile: string, inputs: string): { state: CacheState; base: CacheBase } | undefined {
  let baseBytes: Buffer;
  try {
    // Synchronously: one read of tens of megabytes rather than a thread-pool round trip per 512 KiB.
    baseBytes = readFileSync(baseFile);
  } catch {
    return undefined;
  }
  const base = decodeFile(baseBytes);
  if (!base || base.value.inputs !== inputs || base.value.base !== base.id.toString("hex")) return undefined;
  const maps: CacheState["maps"] = {};
  const baseMaps: CacheBase["maps"] = {};
  for (const [name, { set }] of Object.entries(base.value.maps)) {
    maps[name] = new Map(set);
    baseMaps[name] = new Map(set);
  }
  let settings = base.value.settings;
  const journal = readJournal(journalFile(baseFile), base.id, inputs);
  if (journal) {
    settings = journal.settings;
    for (const [name, { set, deleted }] of Object.entries(journal.maps)) {
      const map = (maps[name] ??= new Map());
      for (const key of deleted) map.delete(key);
      for (const [key, value] of set) map.set(key, value);
    }
  }
  return { state: { inputs, settings, maps }, base: { id: base.id, maps: baseMaps, bytes: baseBytes.length, touched: new WeakSet() } };
}

function readJournal(file: string, baseId: Buffer, inputs: string): Stored | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const journal = decodeFile(bytes);
  return journal && journal.id.equals(baseId) && journal.value.base === baseId.toString("hex") && journal.value.inputs === inputs ? journal.value : undefined;
}

/**
 * Saves `state`: as a journal over `base` when `base` is still the base on disk and the journal
 * stays small, otherwise as a new base. Returns the base the state now stands on.
 */
export async function writeCache(baseFile: string, state: CacheState, base: CacheBase | undefined): Promise<CacheBase> {
  await mkdir(dirname(baseFile), { recursive: true });
  if (base && isBaseOnDisk(baseFile, base.id)) {
    const { journal, superseded } = journalOf(state, base);
    const bytes = encodeFile(base.id, journal);
    if (bytes.length + superseded <= Math.max(base.bytes * JOURNAL_SHARE, JOURNAL_FLOOR)) {
      await replace(journalFile(baseFile), bytes);
      return base;
    }
  }
  const id = randomBytes(ID_BYTES);
  const maps = Object.fromEntries(Object.entries(state.maps).map(([name, map]) => [name, { set: [...map], deleted: [] }]));
  const bytes = encodeFile(id, { inputs: state.inputs, base: id.toString("hex"), settings: state.settings, maps });
  // The old journal goes first: were it left, a reader would see it beside the new base, ignore
  // it (another base's), and read it for nothing.
  try {
    unlinkSync(journalFile(baseFile));
  } catch {
    // none
  }
  await replace(baseFile, bytes);
  return { id, maps: Object.fromEntries(Object.entries(state.maps).map(([name, map]) => [name, new Map(map)])), bytes: bytes.length, touched: new WeakSet() };
}

/**
 * What `state` differs in from `base`, and about how many of the base's bytes the difference
 * makes dead (a key's share of the base, for each key it replaces or deletes).
 */
function journalOf(state: CacheState, base: CacheBase): { journal: Stored; superseded: number } {
  const maps: Stored["maps"] = {};
  let replaced = 0;
  let baseKeys = 0;
  for (const [name, map] of Object.entries(state.maps)) {
    const before = base.maps[name] ?? new Map<string, unknown>();
    baseKeys += before.size;
    const set: [string, unknown][] = [];
    for (const [key, value] of map) {
      const old = before.get(key);
      if (old === value && !(typeof value === "object" && value !== null && base.touched.has(value))) continue;
      set.push([key, value]);
      if (old !== undefined) replaced++;
    }
    const deleted: string[] = [];
    for (const key of before.keys()) if (!map.has(key)) deleted.push(key);
    replaced += deleted.length;
    maps[name] = { set, deleted };
  }
  const journal = { inputs: state.inputs, base: base.id.toString("hex"), settings: state.settings, maps };
  return { journal, superseded: baseKeys === 0 ? 0 : Math.round((replaced * base.bytes) / baseKeys) };
}

function isBaseOnDisk(file: string, id: Buffer): boolean {
  const head = Buffer.alloc(MAGIC.length + ID_BYTES);
  try {
    const fd = openSync(file, "r");
    try {
      if (readSync(fd, head, 0, head.length, 0) !== head.length) return false;
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
  return head.subarray(0, MAGIC.length).equals(MAGIC) && head.subarray(MAGIC.length).equals(id);
}

/** Written aside whole, then renamed into place: a reader sees this file or the one before, never part of one. */
async function replace(file: string, bytes: Buffer): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  // One write of the whole, not one per piece (thousands of thread-pool round trips).
  writeFileSync(temporary, bytes);
  await rename(temporary, file);
}

/** One file's content: its maps' values set (all of them, in a base) and keys deleted (a journal's). */
interface Stored {
  inputs: string;
  /** The id of the base: the file's own, or the one a journal is over. */
  base: string;
  settings: [string, string][];
  maps: Record<string, { set: [string, unknown][]; deleted: string[] }>;
}

/**
 * Values JSON cannot say, of one kind at one path in each of the values of a map's `set` listed
 * (`at`, by index): a byte array (where it stands, its offset and length among the file's
 * bytes), a date (ISO 8601, as Date writes it to JSON, or "NaN"), undefined in an array (null), a number JSON has not (its string).
 * The build's entries are alike, so a few patches cover thousands of them. An object's property
 * set to undefined is left out, as JSON leaves it: it reads the same.
 */
interface Patch {
  kind: "b" | "d" | "u" | "n";
  path: Key[];
  at: number[];
}
type Key = string | number;

function encodeFile(id: Buffer, value: Stored): Buffer {
  const arrays: Uint8Array[] = [];
  let offset = 0;
  const path: Key[] = [];
  let patches = new Map<string, Patch>();
  const patch = (kind: Patch["kind"]) => {
    const [at, ...rest] = path as [number, ...Key[]];
    const key = `${kind}${JSON.stringify(rest)}`;
    let patch = patches.get(key);
    if (!patch) patches.set(key, (patch = { kind, path: rest, at: [] }));
    patch.at.push(at);
  };
  // `value` as JSON.stringify is to write it: the same object where it writes it as is (numbers,
  // strings, valid dates, which it writes as ISO 8601), a copy where something in it must be
  // written otherwise and patched. Most of an entry is written as is, and not copied.
  const plain = (value: unknown): unknown => {
    switch (typeof value) {
      case "string":
      case "boolean":
        return value;
      case "number":
        if (Number.isFinite(value) && !Object.is(value, -0)) return value;
        patch("n");
        return Object.is(value, -0) ? "-0" : String(value);
      case "undefined":
        // In an array, where JSON writes null: an object's property set to undefined is left out.
        patch("u");
        return null;
      case "object":
        if (value === null) return value;
        if (value instanceof Uint8Array) {
          patch("b");
          arrays.push(value);
          offset += value.byteLength;
          return [offset - value.byteLength, value.byteLength];
        }
        if (value instanceof Date) {
          patch("d");
          // Date's toJSON writes null for an invalid date.
          return Number.isNaN(value.getTime()) ? "NaN" : value;
        }
        if (Array.isArray(value)) {
          let out: unknown[] | undefined;
          for (let i = 0; i < value.length; i++) {
            const element: unknown = value[i];
            // Most elements are numbers and strings, written as they are (thousands per entry).
            if (typeof element === "string" || (typeof element === "number" && Number.isFinite(element) && !Object.is(element, -0))) continue;
            path.push(i);
            const written = plain(element);
            path.pop();
            if (written !== element) (out ??= value.slice())[i] = written;
          }
          return out ?? value;
        }
        if (isPlainObject(value)) {
          let out: Record<string, unknown> | undefined;
          const object = value as Record<string, unknown>;
          for (const key in object) {
            const property = object[key];
            if (property === undefined || typeof property === "string") continue;
            path.push(key);
            const written = plain(property);
            path.pop();
            if (written !== property) (out ??= { ...object })[key] = written;
          }
          return out ?? value;
        }
    }
    throw new TypeError(`the build cache cannot keep ${Object.prototype.toString.call(value)} (at ${path.join(".")})`);
  };
  const maps: Record<string, { set: unknown[]; deleted: string[]; patches: Patch[] }> = {};
  for (const [name, { set, deleted }] of Object.entries(value.maps)) {
    patches = new Map();
    maps[name] = { set: plain(set) as unknown[], deleted, patches: [] };
    maps[name].patches = [...patches.values()];
  }
  // ASCII only (JSON's \u escapes for the rest): read back as Latin-1, a one-byte string, which
  // both the decoding and JSON.parse take faster than UTF-8.
  const text = JSON.stringify({ ...value, maps }).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  const head = Buffer.alloc(HEAD);
  MAGIC.copy(head);
  id.copy(head, MAGIC.length);
  head.writeUInt32LE(text.length, HEAD - 4);
  const bytes = Buffer.concat([head, Buffer.from(text, "latin1"), ...arrays]);
  bytes.writeUInt32LE(crc32(bytes.subarray(HEAD - 4), crc32(id)), HEAD - 8);
  return bytes;
}

function decodeFile(bytes: Buffer): { id: Buffer; value: Stored } | undefined {
  try {
    return decode(bytes);
  } catch {
    // a file this code cannot read (another format, a path that is not there)
    return undefined;
  }
}

function decode(bytes: Buffer): { id: Buffer; value: Stored } | undefined {
  if (bytes.length < HEAD || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const id = bytes.subarray(MAGIC.length, MAGIC.length + ID_BYTES);
  if (bytes.readUInt32LE(HEAD - 8) !== crc32(bytes.subarray(HEAD - 4), crc32(id))) return undefined;
  const jsonEnd = HEAD + bytes.readUInt32LE(HEAD - 4);
  if (jsonEnd > bytes.length) return undefined;
  const value = JSON.parse(bytes.toString("latin1", HEAD, jsonEnd)) as Stored & { maps: Record<string, { patches: Patch[] }> };
  const arrays = bytes.subarray(jsonEnd);
  for (const map of Object.values(value.maps)) {
    for (const { kind, path, at } of map.patches) {
      const last = path.length - 1;
      for (const index of at) {
        let holder = map.set[index] as unknown as Record<Key, unknown>;
        for (let i = 0; i < last; i++) holder = holder[path[i]!] as Record<Key, unknown>;
        const key = path[last]!;
        const slot = holder[key];
        if (kind === "b") {
          const [offset, length] = slot as [number, number];
          if (offset + length > arrays.length) return undefined;
          holder[key] = arrays.subarray(offset, offset + length);
        } else if (kind === "d") holder[key] = new Date(slot as string);
        else if (kind === "n") holder[key] = Number(slot);
        else holder[key] = undefined;
      }
    }
  }
  return { id: Buffer.from(id), value };
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
