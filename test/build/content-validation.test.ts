import { describe, expect, it } from "vitest";
import { buildCorpus, ContentError, type Problem, type SourceFile } from "../../src/build/content.ts";
import { articleFile, FIXTURE_SITE, frontMatter } from "../support/corpus.ts";

/** The problems a set of article files produce (an empty list when they build). */
function problemsOf(files: SourceFile[], site: unknown = FIXTURE_SITE): Problem[] {
  try {
    buildCorpus(site, files);
    return [];
  } catch (error) {
    if (error instanceof ContentError) return [...error.problems];
    throw error;
  }
}

const file = (name: string, fm: Record<string, unknown> | string, body = "Body text."): SourceFile =>
  articleFile({ file: `articles/${name}.md`, frontMatter: fm, body });

const bytesOf = (text: string) => new TextEncoder().encode(text);

describe("content validation names the file, the field and what to do", () => {
  it.each(["title", "slug", "published", "summary"])("when the required field %s is missing", (field) => {
    const fm = frontMatter(1);
    delete fm[field];
    expect(problemsOf([file("a", fm)])).toEqual([{ file: "articles/a.md", field, message: `is required: add a \`${field}:\` line` }]);
  });

  it.each(["title", "summary", "author"])("when the field %s is empty or blank", (field) => {
    expect(problemsOf([file("a", frontMatter(1, { [field]: "   " }))])).toEqual([
      { file: "articles/a.md", field, message: expect.stringMatching(/^is empty: give it a value/) },
    ]);
  });

  it.each(["2024-02-30T09:00:00Z", "2023-02-29T09:00:00Z", "2024-04-31T09:00:00Z", "2024-13-01T09:00:00Z", "2024-01-01T24:00:00Z"])(
    "when a date is impossible (%s)",
    (published) => {
      expect(problemsOf([file("a", frontMatter(1, { published }))])).toEqual([
        { file: "articles/a.md", field: "published", message: expect.stringMatching(/is not a real date and time \(.+\): correct it, e.g. \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) },
      ]);
    },
  );

  it.each([
    ["2024-02-30T09:00:00Z", "February 2024 has 29 days", "2024-02-29T09:00:00Z"],
    ["2023-04-31T09:00:00+02:00", "April 2023 has 30 days", "2023-04-30T09:00:00+02:00"],
    ["2024-13-01T09:00:00Z", "there is no month 13", "2024-12-01T09:00:00Z"],
    ["2024-01-01T24:00:00Z", "hours go from 00 to 23", "2024-01-01T23:00:00Z"],
  ])("says why %s is impossible and suggests the nearest real date-time", (published, reason, suggestion) => {
    expect(problemsOf([file("a", frontMatter(1, { published }))])).toEqual([
      { file: "articles/a.md", field: "published", message: `"${published}" is not a real date and time (${reason}): correct it, e.g. ${suggestion}` },
    ]);
  });

  it("suggests a real date, with a zone, for an impossible date written without one", () => {
    expect(problemsOf([file("a", frontMatter(1, { published: "2026-02-30T09:00:00" }))])).toEqual([
      {
        file: "articles/a.md",
        field: "published",
        message: '"2026-02-30T09:00:00" is not a real date and time (February 2026 has 28 days) and has no time zone: write e.g. 2026-02-28T09:00:00+09:00 or Z',
      },
    ]);
  });

  it("accepts the 29th of February in a leap year", () => {
    expect(problemsOf([file("a", frontMatter(1, { published: "2024-02-29T09:00:00Z" }))])).toEqual([]);
  });

  it.each([
    ["2024-02-03T10:00:00", "2024-02-03T10:00:00+09:00"],
    ["2024-02-03", "2024-02-03T00:00:00+09:00"],
  ])("when a date (%s) has no time zone, suggesting one", (published, suggestion) => {
    expect(problemsOf([file("a", frontMatter(1, { published }))])).toEqual([
      { file: "articles/a.md", field: "published", message: expect.stringContaining(`has no time zone: add one, e.g. ${suggestion}`) },
    ]);
  });

  it("when a date is unquoted YAML or not a date at all", () => {
    const problems = problemsOf([file("a", "title: A\nslug: a\npublished: 20240101\nsummary: S"), file("b", frontMatter(2, { updated: "next week" }))]);
    expect(problems).toEqual([
      { file: "articles/a.md", field: "published", message: "must be a date-time such as 2021-02-05T09:00:00+09:00" },
      { file: "articles/b.md", field: "updated", message: expect.stringContaining("is not a date-time such as") },
    ]);
  });

  it("when two files share a slug, naming both", () => {
    expect(problemsOf([file("a", frontMatter(1, { slug: "same" })), file("b", frontMatter(2, { slug: "same" }))])).toEqual([
      { file: "articles/b.md", field: "slug", message: '"same" is already used by articles/a.md: give one of them another slug' },
    ]);
  });

  it("when two files share a slug and the first has other problems too, in the same run", () => {
    const problems = problemsOf([file("a", frontMatter(1, { slug: "same", title: "" })), file("b", frontMatter(2, { slug: "same" }))]);
    expect(problems.map((p) => `${p.file} ${p.field}`)).toEqual(["articles/a.md title", "articles/b.md slug"]);
  });

  it("when a draft shares a slug with a published article (publishing it would collide)", () => {
    const problems = problemsOf([file("a", frontMatter(1, { slug: "same" })), file("b", frontMatter(2, { slug: "same", draft: true }))]);
    expect(problems).toEqual([expect.objectContaining({ file: "articles/b.md", field: "slug" })]);
  });

  it.each([
    ["Hello-World", "hello-world"],
    ["hello world", "hello-world"],
    ["../../etc/passwd", "etc-passwd"],
    ["café-crème", "cafe-creme"],
    ["a--b", "a-b"],
    ["-lead", "lead"],
    ["a/b", "a-b"],
    ["a?b#c", "a-b-c"],
    ["%2e%2e", "2e-2e"],
  ])("when the slug %s has characters unsafe in a URL, suggesting %s", (slug, suggestion) => {
    expect(problemsOf([file("a", frontMatter(1, { slug }))])).toEqual([
      { file: "articles/a.md", field: "slug", message: expect.stringMatching(new RegExp(`is not safe in a URL: .*, e\\.g\\. ${suggestion}$`)) },
    ]);
  });

  it("when the file is not UTF-8, naming the line of the first bad byte", () => {
    const latin1 = new Uint8Array([...bytesOf("---\ntitle: Caf"), 0xe9, ...bytesOf("\nslug: a\n---\n\nBody\n")]);
    expect(problemsOf([{ path: "articles/latin1.md", bytes: latin1 }])).toEqual([
      { file: "articles/latin1.md", message: "is not valid UTF-8 (first bad byte on line 2): save it as UTF-8" },
    ]);
  });

  it("when the file starts with a byte-order mark", () => {
    const { bytes } = file("bom", frontMatter(1));
    expect(problemsOf([{ path: "articles/bom.md", bytes: new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]) }])).toEqual([
      { file: "articles/bom.md", message: "starts with a byte-order mark: save it as UTF-8 without BOM" },
    ]);
  });

  it("when the body is empty or only white space", () => {
    expect(problemsOf([file("a", frontMatter(1), ""), file("b", frontMatter(2), " \n\t\n")])).toEqual([
      { file: "articles/a.md", field: "body", message: "has no body: write the article below the front matter" },
      { file: "articles/b.md", field: "body", message: "has no body: write the article below the front matter" },
    ]);
  });

  it.each([
    ["titel", "title"],
    ["Title", "title"],
    ["sumary", "summary"],
    ["publsihed", "published"],
    ["tag", "tags"],
    ["drafts", "draft"],
  ])("when a front-matter key is unknown (%s), suggesting the nearest known one", (typo, known) => {
    expect(problemsOf([file("a", frontMatter(1, { [typo]: "x" }))])).toEqual([
      { file: "articles/a.md", field: typo, message: `is not a known field: did you mean ${known}? Rename it` },
    ]);
  });

  it("when a required field is misspelt, as one problem: the typo, not also the missing field", () => {
    const { title, ...rest } = frontMatter(1);
    expect(problemsOf([file("a", { titel: title, ...rest }), file("b", { ...frontMatter(2, { sumary: "S." }), summary: undefined })])).toEqual([
      { file: "articles/a.md", field: "titel", message: "is not a known field: did you mean title? Rename it" },
      { file: "articles/b.md", field: "sumary", message: "is not a known field: did you mean summary? Rename it" },
    ]);
  });

  it("still reports a missing required field that no unknown field resembles", () => {
    const { title: _, ...rest } = frontMatter(1);
    expect(problemsOf([file("a", { ...rest, colour: "red" })])).toEqual([
      { file: "articles/a.md", field: "title", message: "is required: add a `title:` line" },
      { file: "articles/a.md", field: "colour", message: expect.stringMatching(/^is not a known field: remove it/) },
    ]);
  });

  it("when a front-matter key is unknown and like no known one, listing the known fields", () => {
    expect(problemsOf([file("a", frontMatter(1, { colour: "red" }))])).toEqual([
      { file: "articles/a.md", field: "colour", message: expect.stringMatching(/^is not a known field: remove it \(known fields: title, slug, .*draft, image\)$/) },
    ]);
  });

  it("when a site.ts key is unknown, nested ones included", () => {
    const problems = problemsOf([file("a", frontMatter(1))], { ...FIXTURE_SITE, titel: "x", publisher: { ...FIXTURE_SITE.publisher, nmae: "x" } });
    expect(problems).toEqual([
      { file: "site.ts", field: "publisher.nmae", message: "is not a known field: did you mean name? Rename it" },
      { file: "site.ts", field: "titel", message: "is not a known field: did you mean title? Rename it" },
    ]);
  });

  it("when tags or draft have the wrong type", () => {
    expect(problemsOf([file("a", frontMatter(1, { tags: "Politics", draft: "yes" }))])).toEqual([
      { file: "articles/a.md", field: "tags", message: "must be a list such as [Politics, Asia]" },
      { file: "articles/a.md", field: "draft", message: "must be true or false" },
    ]);
  });

  it("when the front matter is missing, not YAML, or not a set of fields", () => {
    const problems = problemsOf([
      { path: "articles/none.md", bytes: bytesOf("Just a body.\n") },
      file("yaml", "title: A\ntitle: B"),
      file("list", "- title\n- slug"),
    ]);
    expect(problems).toEqual([
      { file: "articles/none.md", message: expect.stringContaining("has no front matter: start the file with a --- line") },
      { file: "articles/yaml.md", message: "front matter is not valid YAML: Map keys must be unique (line 3 of the file): fix the syntax there" },
      { file: "articles/list.md", message: "must be fields, one `name: value` per line, such as `title: The headline`" },
    ]);
  });

  it.each([
    ["a list", "tags: [Testing, Newcomer", 'The list "[" opened on line 7 of the file is never closed: end it with "]"'],
    ["a map", "tags: {a: 1", 'The map "{" opened on line 7 of the file is never closed: end it with "}"'],
    ["double-quoted text", 'tags: "Testing', "The text in quotes (\") opened on line 7 of the file is never closed: end it with a closing \""],
  ])("when %s is left open, naming the line where it opened, not where the parser gave up", (_, line7, message) => {
    const yaml = `title: A\nslug: a\npublished: 2026-11-28T09:00:00Z\nauthor: B\nsummary: S.\n${line7}\ndraft: false`;
    expect(problemsOf([file("a", yaml)])).toEqual([{ file: "articles/a.md", message: `front matter is not valid YAML: ${message}` }]);
  });

  it("reports every problem of every file in one run", () => {
    const problems = problemsOf([
      file("a", frontMatter(1, { titel: "x", published: "2024-02-30T00:00:00Z" }), ""),
      file("b", frontMatter(2, { slug: "Bad Slug" })),
      file("c", frontMatter(3)),
      { path: "articles/d.md", bytes: new Uint8Array([0xff, 0xfe]) },
    ]);
    expect(problems.map((p) => `${p.file} ${p.field ?? ""}`)).toEqual([
      "articles/a.md body",
      "articles/a.md published",
      "articles/a.md titel",
      "articles/b.md slug",
      "articles/d.md ",
    ]);
  });
});

describe("line ends", () => {
  it("accepts CRLF and builds exactly what LF builds", () => {
    const lf = file("a", frontMatter(1), "First line\nsecond line.\n\nSecond paragraph.");
    const crlf: SourceFile = { path: lf.path, bytes: bytesOf(new TextDecoder().decode(lf.bytes).replace(/\n/g, "\r\n")) };
    expect(new TextDecoder().decode(crlf.bytes)).toContain("\r\n");

    const [fromLf, fromCrlf] = [buildCorpus(FIXTURE_SITE, [lf]), buildCorpus(FIXTURE_SITE, [crlf])];

    expect(fromCrlf).toEqual(fromLf);
    expect(fromCrlf.articles[0]!.html).not.toContain("\r");
  });

  it("accepts old Mac CR line ends too", () => {
    const lf = file("a", frontMatter(1), "Body.");
    const cr: SourceFile = { path: lf.path, bytes: bytesOf(new TextDecoder().decode(lf.bytes).replace(/\n/g, "\r")) };
    expect(buildCorpus(FIXTURE_SITE, [cr])).toEqual(buildCorpus(FIXTURE_SITE, [lf]));
  });
});

describe("a title is plain text", () => {
  it.each([
    ["Misnested <b>HTML</i>", "</i>"],
    ["Entities &amp; &lt;escaped&gt;", "&amp;"],
    ["Copyright &copy; 2024", "&copy;"],
    ["Numeric &#169; reference", "&#169;"],
    ["Legacy &copy 2024 without semicolon", "&copy"],
  ])("refuses %s, which feed readers would take for HTML", (title, shown) => {
    expect(problemsOf([file("a", frontMatter(1, { title }))])).toEqual([
      { file: "articles/a.md", field: "title", message: expect.stringContaining(`contains ${shown}`) },
    ]);
  });

  it("refuses the same in a tag, which titles its topic feed, naming a tag", () => {
    expect(problemsOf([file("a", frontMatter(1, { tags: ["<b>Bold</b>"] }))])).toEqual([
      { file: "articles/a.md", field: "tags.0", message: expect.stringMatching(/contains <\/b>.*\(a tag is plain text/) },
    ]);
  });

  it("suggests writing the character itself only when it may be written", () => {
    const message = (title: string) => problemsOf([file("a", frontMatter(1, { title }))])[0]?.message;
    expect(message("Copyright &copy; 2024")).toMatch(/write "©" itself$/);
    expect(message("Backspace &#8; here")).toMatch(/contains &#8;.*: remove it$/);
    expect(message("Space &#32; here")).toMatch(/: remove it$/);
    // A legacy name without its semicolon: readers that decode titles as HTML show "¬es"; the advice is not to type "¬".
    expect(message("Fieldwork &notes")).toMatch(/contains &notes, which feed readers that read a title as HTML show as "¬es".*: write "and", or put a space after the "&"$/);
  });

  it.each(["R&D <lab>", "1 < 2 > 0", "The <blink> element", "AT&T & Q&A", "</notatag>"])("publishes %s as it is", (title) => {
    expect(problemsOf([file("a", frontMatter(1, { title, tags: [title] }))])).toEqual([]);
  });
});
