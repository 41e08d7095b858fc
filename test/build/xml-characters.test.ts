import { describe, expect, it } from "vitest";
import { buildCorpus, ContentError, type Problem, type SourceFile } from "../../src/build/content.ts";
import { codePointName, firstForbiddenCharacter, isXmlText, withoutForbiddenCharacters } from "../../src/build/xml-characters.ts";
import { articleFile, FIXTURE_SITE, frontMatter } from "../support/corpus.ts";

/** Builds the files; returns the problems that refused them, or the warnings and the one article's HTML. */
function build(files: SourceFile[], site: unknown = FIXTURE_SITE): { problems: Problem[]; warnings: Problem[]; html: string } {
  const warnings: Problem[] = [];
  try {
    const corpus = buildCorpus(site, files, { warn: (w) => warnings.push(w) });
    return { problems: [], warnings, html: corpus.articles[0]!.html };
  } catch (error) {
    if (error instanceof ContentError) return { problems: [...error.problems], warnings, html: "" };
    throw error;
  }
}

const rawFile = (text: string): SourceFile => ({ path: "articles/raw.md", bytes: new TextEncoder().encode(text) });

describe("a character that RSS and Atom cannot carry, in a front-matter field", () => {
  it('is refused naming the file, field, line and character (title: "Backspace\\bin the title")', () => {
    const { problems } = build([rawFile('---\nslug: s\npublished: 2024-01-01T00:00:00Z\ntitle: "Backspace\\bin the title"\nsummary: S\n---\n\nBody.\n')]);
    expect(problems).toEqual([
      { file: "articles/raw.md", field: "title", message: expect.stringMatching(/^line 4 has U\+0008 \(an invisible control character\), which RSS and Atom cannot carry: delete it/) },
    ]);
  });

  it.each([
    ["a NUL in the summary", { summary: "Null\0byte" }, "summary", "U+0000"],
    ["an escape in the author", { author: "Esc\u001Bape" }, "author", "U+001B"],
    ["a C1 control in a tag", { tags: ["Fine", "Wrong\u0092quote"] }, "tags.1", "U+0092"],
    ["U+FFFF in the title", { title: "Non\uFFFFcharacter" }, "title", "U+FFFF"],
    ["a lone surrogate in the title", { title: "Half \uD83D pair" }, "title", "U+D83D"],
    ["a noncharacter in the summary", { summary: "Non\uFDD0character" }, "summary", "U+FDD0"],
    ["a plane-end noncharacter in the author", { author: "Plane \u{10FFFF} end" }, "author", "U+10FFFF"],
  ])("is refused for %s", (_, fields, field, code) => {
    const { problems } = build([articleFile({ file: "articles/a.md", frontMatter: frontMatter(1, fields), body: "Body." })]);
    expect(problems).toEqual([{ file: "articles/a.md", field, message: expect.stringContaining(code) }]);
  });

  it("says why, by the kind of character: XML cannot carry a C0 control; it discourages C1, DEL and noncharacters", () => {
    const message = (fields: Record<string, unknown>) => build([articleFile({ file: "articles/a.md", frontMatter: frontMatter(1, fields), body: "Body." })]).problems[0]?.message;
    expect(message({ title: "Esc\u001Bape" })).toMatch(/which RSS and Atom cannot carry: delete it/);
    for (const title of ["Next\u0085line", "Del\u007Fete", "Non\uFDD0character", "Plane \u{10FFFE} end"]) {
      expect(message({ title }), title).toMatch(/which XML 1\.0 discourages and feed validators flag: delete it/);
    }
  });

  it("names the line of a tag written on its own line", () => {
    const { problems } = build([rawFile("---\ntitle: T\nslug: s\npublished: 2024-01-01T00:00:00Z\nsummary: S\ntags:\n  - Fine\n  - \"Bad\\fone\"\n---\n\nBody.\n")]);
    expect(problems).toEqual([{ file: "articles/raw.md", field: "tags.1", message: expect.stringMatching(/^line 8 has U\+000C/) }]);
  });

  it("is refused in site.ts too, since the site's title and description are in every feed", () => {
    const { problems } = build([articleFile({ frontMatter: frontMatter(1), body: "Body." })], { ...FIXTURE_SITE, title: "Bell\u0007 Times" });
    expect(problems).toEqual([{ file: "site.ts", field: "title", message: expect.stringContaining("U+0007") }]);
  });

  it("leaves tab, line feed, carriage return and ordinary text alone", () => {
    const { problems } = build([articleFile({ frontMatter: frontMatter(1, { title: "Tab\tand “quotes” ‹›", summary: "Two\nlines € ’" }), body: "Body." })]);
    expect(problems).toEqual([]);
  });
});

describe("a character that RSS and Atom cannot carry, in a body", () => {
  const body = ["First line.", "", "Raw backspace\b, form feed\f, escape\u001B and NUL\0 here.", "", "References &#8; &#x1B; &#xFFFF; &#x85; end."].join("\n");
  const { problems, warnings, html } = build([articleFile({ file: "articles/b.md", frontMatter: frontMatter(1), body })]);

  it("is removed from the HTML, raw or written as a reference, and the build goes on", () => {
    expect(problems).toEqual([]);
    expect(html).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]/);
    expect(html).not.toMatch(/&#(x0*(8|1b|ffff|85)|0*(8|27|65535|133));/i);
    expect(html).toContain("Raw backspace, form feed, escape and NUL here.");
  });

  it("is reported as a warning naming the file and each line (counted in the file)", () => {
    // The fixture's front matter is 7 lines and one blank line: the body starts on line 9.
    expect(warnings).toEqual([
      { file: "articles/b.md", field: "body", message: expect.stringMatching(/lines 11 \(U\+0008\), 13 \(U\+0008\): delete them/) },
    ]);
  });

  it("gives no warning when there is nothing to remove", () => {
    expect(build([articleFile({ frontMatter: frontMatter(1), body: "Clean &amp; tidy &#x2019;." })]).warnings).toEqual([]);
  });
});

describe("a body that sanitizes to nothing (an embed-only article)", () => {
  const { problems, warnings, html } = build([
    articleFile({ file: "articles/embed.md", frontMatter: frontMatter(1, { summary: "Watch the <video> & more" }), body: '<iframe src="https://video.example/embed/1"></iframe>' }),
  ]);

  it("is published with its summary, escaped, as its body", () => {
    expect(problems).toEqual([]);
    expect(html).toBe("<p>Watch the &lt;video&gt; &amp; more</p>");
  });

  it("is reported as a warning naming the file", () => {
    expect(warnings).toEqual([{ file: "articles/embed.md", field: "body", message: expect.stringMatching(/^came out empty .*the summary is published as the body/) }]);
  });
});

describe("a numeric reference to 0x80–0x9F in a body", () => {
  it("is the windows-1252 character HTML reads it as (&#146; is ’), not a removed control", () => {
    const { warnings, html } = build([articleFile({ frontMatter: frontMatter(1), body: "It&#146;s &#x93;quoted&#x94; &#133;" })]);
    expect(html).toBe("<p>It’s “quoted” …</p>");
    expect(warnings).toEqual([]);
  });
});

describe("a numeric reference to 0x80–0x9F in code", () => {
  it("is kept as the author wrote it, in a code span and in a fenced block", () => {
    const { warnings, html } = build([articleFile({ frontMatter: frontMatter(1), body: "Type `&#146;` or:\n\n```\n&#x96; &#150;\n```" })]);
    expect(html).toBe("<p>Type <code>&amp;#146;</code> or:</p>\n<pre><code>&amp;#x96; &amp;#150;\n</code></pre>");
    expect(warnings).toEqual([]);
  });

  it("is the windows-1252 character in a link's text, title and an image's alt", () => {
    const { html } = build([articleFile({ frontMatter: frontMatter(1), body: '[it&#146;s](https://a.example/ "it&#146;s") ![it&#146;s](https://a.example/p.png)' })]);
    expect(html).toContain('<a href="https://a.example/" title="it’s">it’s</a>');
    expect(html).toContain('alt="it’s"');
  });
});

describe("a C1 control in code", () => {
  it("never reaches the output, raw or as one of the five references windows-1252 leaves alone", () => {
    const { warnings, html } = build([articleFile({ frontMatter: frontMatter(1), body: "`a\u0085b` and &#129; here\n\n```\nc\u009Fd\n```" })]);
    expect(html).not.toMatch(/[\u0080-\u009F]/);
    expect(html).toContain("<code>ab</code>");
    expect(html).toContain("<code>cd\n</code>");
    expect(warnings).toEqual([{ file: "articles/article-0.md", field: "body", message: expect.stringMatching(/lines 9 \(U\+0085\), 12 \(U\+009F\)/) }]);
  });
});

describe("a control character inside Markdown syntax", () => {
  it("is removed before Markdown is read, so a link stays a link", () => {
    const { warnings, html } = build([articleFile({ frontMatter: frontMatter(1), body: '[link](https://a.example/a\bb "t")' })]);
    expect(html).toBe('<p><a href="https://a.example/ab" title="t">link</a></p>');
    expect(warnings).toEqual([{ file: "articles/article-0.md", field: "body", message: expect.stringMatching(/line 9 \(U\+0008\)/) }]);
  });
});

describe("which characters are forbidden, code point by code point", () => {
  /** XML 1.0 §2.2: outside Char, or discouraged there (DEL, C1, noncharacters). Written out from the spec, independently of the module. */
  const forbidden = (code: number) =>
    (code < 0x20 && ![0x09, 0x0a, 0x0d].includes(code)) ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0xd800 && code <= 0xdfff) ||
    (code >= 0xfdd0 && code <= 0xfdef) ||
    (code & 0xfffe) === 0xfffe;

  it("finds and removes every forbidden BMP code unit, alone and amid text, and nothing else", () => {
    for (let code = 0; code <= 0xffff; code++) {
      const character = String.fromCharCode(code);
      const text = `ab${character}cd`;
      expect.soft(firstForbiddenCharacter(text), codePointName(character)).toEqual(forbidden(code) ? { character, index: 2 } : undefined);
      expect.soft(withoutForbiddenCharacters(text) === "abcd", codePointName(character)).toBe(forbidden(code));
    }
  });

  it("finds the last two code points of every plane, and keeps every other astral character", () => {
    for (let plane = 1; plane <= 16; plane++) {
      for (const low of [0xfffd, 0xfffe, 0xffff, 0x0000, 0x1234]) {
        const character = String.fromCodePoint(plane * 0x10000 + low);
        expect(withoutForbiddenCharacters(`a${character}b`)).toBe(forbidden(low) && low >= 0xfffe ? "ab" : `a${character}b`);
      }
    }
  });
});

describe("which text is made of XML's characters (what a parser accepts)", () => {
  /** XML 1.0 §2.2 `Char`, written out from the spec. */
  const isChar = (code: number) => code === 0x09 || code === 0x0a || code === 0x0d || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);

  it("accepts every BMP Char and refuses every other code unit, alone and amid text", () => {
    for (let code = 0; code <= 0xffff; code++) {
      expect.soft(isXmlText(`ab${String.fromCharCode(code)}cd`), codePointName(String.fromCharCode(code))).toBe(isChar(code));
    }
  });

  it("accepts a surrogate only as half of a pair, and every astral code point", () => {
    for (let plane = 1; plane <= 16; plane++) {
      for (const low of [0x0000, 0x1234, 0xfffe, 0xffff]) expect(isXmlText(`a${String.fromCodePoint(plane * 0x10000 + low)}b`)).toBe(true);
    }
    for (const text of ["\uD800", "a\uD800b", "\uDC00\uD800", "\uDBFF]", "a\uDFFF"]) expect(isXmlText(text), JSON.stringify(text)).toBe(false);
  });
});
