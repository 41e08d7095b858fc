import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { frontMatterSchema, plainFrontMatter } from "../../src/build/schema.ts";

const pick = <T,>(...values: T[]) => fc.constantFrom(...values);
/** Mostly what articles hold, sometimes what the schema refuses or reads otherwise. */
const mostly = <T,>(usual: fc.Arbitrary<T>, unusual: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: usual }, { weight: 1, arbitrary: unusual });

/** Text of the kinds the schema's rules look at: white space to trim, end tags, references, forbidden characters. */
const textPiece = mostly(
  pick("A", "title", " ", "é", "R&D", "<lab>", "1 < 2", "Seoul 2021", "—", "😀", "C#"),
  pick("", "  ", "\t", "\n", "\u00a0", "\u3000", "</b>", "</notatag>", "&amp;", "&copy", "&notes", "&#65;", "&#x41;", "&zz;", "-", "!", "\u0007", "\ufffe", "\ud800", "İ", "ß"),
);
const text = fc.array(textPiece, { minLength: 1, maxLength: 5 }).map((pieces) => pieces.join(""));
const slug = mostly(pick("a", "my-first-article", "synthetic-00000", "2024"), pick("", "A", "a--b", "-a", "a-", "a b", "é", " a"));
const dateTime = mostly(
  pick("2020-01-01T00:00:00Z", "2026-03-01T09:30:00+01:00", "2024-02-29T23:59:59.5-05:00", "2021-02-05T09:00+09:00"),
  pick("2023-02-29T00:00:00Z", "2020-13-01T00:00:00Z", "2020-01-01T24:00:00Z", "2020-01-01T00:60:00Z", "2020-01-01", "2020-01-01T00:00:00", " 2020-01-01T00:00:00Z", "2020-01-01T00:00:00z", "yesterday", ""),
);
/** Any value a field might hold: mostly its own kind, sometimes another. */
const stranger = pick<unknown>(null, undefined, 0, 1.5, true, false, [], {}, ["a"], { src: "a.jpg" }, new Date(0), "true");
const field = <T,>(usual: fc.Arbitrary<T>) => mostly<unknown>(usual, stranger);
const fields = {
  title: field(text),
  slug: field(slug),
  published: field(dateTime),
  updated: field(dateTime),
  author: field(text),
  summary: field(text),
  tags: field(fc.array(mostly<unknown>(text, stranger), { maxLength: 3 })),
  draft: field(fc.boolean()),
};
/** Fields that send front matter to zod: an image, a typo, keys an object has by inheritance. */
const others = {
  image: field(fc.record({ src: text, alt: text }, { requiredKeys: ["src"] })),
  titel: field(text),
  constructor: field(text),
  ["__proto__"]: field(text),
};
/** Front matter as parsed YAML: the required fields (or, sparse, any of them) of any kind, now and then another field. */
const withOthers = (core: fc.Arbitrary<Record<string, unknown>>) =>
  fc.tuple(core, fc.option(fc.record(others, { requiredKeys: [] }), { freq: 4 })).map(([data, more]) => {
    // Own properties, as YAML's toJS makes them (an own `__proto__` too, not the prototype).
    for (const [key, value] of Object.entries(more ?? {})) Object.defineProperty(data, key, { value, enumerable: true, writable: true, configurable: true });
    return data;
  });
const hostileFrontMatter = withOthers(fc.record(fields, { requiredKeys: ["title", "slug", "published", "summary"] }));
const sparseFrontMatter = withOthers(fc.record(fields, { requiredKeys: [] }));
/** Mostly valid front matter: the required fields present, each usually of its kind. */
const usualFrontMatter = fc
  .record({ title: text, slug, published: dateTime, summary: text, updated: dateTime, author: text, tags: fc.array(text, { maxLength: 3 }), draft: fc.boolean() }, { requiredKeys: ["title", "slug", "published", "summary"] });

/** zod's verdict and value. */
function zodRead(data: unknown) {
  const result = frontMatterSchema.safeParse(data, { reportInput: true });
  return result.success ? { value: result.data } : { value: undefined };
}

/** Whether the front matter is of the kind plainFrontMatter reads: a plain object without an image, no field undefined. */
function ofThePlainKind(data: Record<string, unknown>): boolean {
  return Object.getPrototypeOf(data) === Object.prototype && Object.keys(data).every((key) => key !== "image" && data[key] !== undefined);
}

describe("front matter checked without zod (plainFrontMatter)", () => {
  for (const [name, inputs, least] of [["hostile", hostileFrontMatter, 20], ["sparse", sparseFrontMatter, 0], ["mostly valid", usualFrontMatter, 500]] as const) {
    it(`gives zod's value for every ${name} front matter of the plain kind zod accepts, and nothing for what zod refuses`, () => {
      let read = 0;
      fc.assert(
        fc.property(inputs, (data) => {
          const plain = plainFrontMatter(data);
          const zod = zodRead(data);
          if (plain !== undefined) {
            read++;
            expect(zod.value, "zod refuses what the fast path accepted").toBeDefined();
            expect(plain).toStrictEqual(zod.value);
          } else if (ofThePlainKind(data)) {
            expect(zod.value, "zod accepts what the fast path declined").toBeUndefined();
          }
        }),
        { numRuns: 6000 },
      );
      // Not a test that passes by declining everything.
      if (least > 0) expect(read).toBeGreaterThan(least);
    });
  }

  it("reads what npm run new writes, trimmed as zod trims it", () => {
    const data = { title: " A title ", slug: "a-title", published: "2026-03-01T09:30:00+01:00", author: "Desk ", summary: "One line.", tags: [" News", "Seoul 2021"] };
    expect(plainFrontMatter(data)).toStrictEqual(frontMatterSchema.parse(data));
    expect(plainFrontMatter(data)).toMatchObject({ title: "A title", author: "Desk", tags: ["News", "Seoul 2021"], draft: false });
  });

  it.each([
    ["an image (zod reads it)", { image: { src: "a.jpg" } }],
    ["an unknown field", { titel: "x" }],
    ["a title that looks like HTML", { title: "Misnested <b>HTML</i>" }],
    ["a tag without a letter or a digit", { tags: ["—"] }],
    ["a date without a zone", { published: "2020-01-01" }],
    ["an updated field left empty", { updated: null }],
  ])("leaves front matter with %s to zod", (_, change) => {
    const data = { title: "A title", slug: "a-title", published: "2026-03-01T09:30:00+01:00", summary: "One line.", ...change };
    expect(plainFrontMatter(data)).toBeUndefined();
  });

  it("reads the fields of the schema but image, so a field added to the schema is added here too", () => {
    const valid = { title: "T", slug: "t", published: "2020-01-01T00:00:00Z", updated: "2020-01-02T00:00:00Z", author: "A", summary: "S", tags: ["x"], draft: true };
    expect(Object.keys(valid).sort()).toEqual(Object.keys(frontMatterSchema.shape).filter((key) => key !== "image").sort());
    expect(plainFrontMatter(valid)).toStrictEqual(frontMatterSchema.parse(valid));
  });
});
