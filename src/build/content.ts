import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isNode, LineCounter, parseDocument, Parser as YamlParser, YAMLParseError, type Document } from "yaml";
import { ZodObject, type z } from "zod";
import type { Article, Corpus, Photo, Site } from "../model.ts";
import type { BuildCache } from "./build-cache.ts";
import { escapeHtml } from "../render/html.ts";
import { simpleFrontMatter } from "./front-matter.ts";
import { renderMarkdown, type ImageAttributes, type PhotoLookup } from "./markdown.ts";
import { isRemote, resolvePhoto, type PhotoReference } from "./photo-references.ts";
import type { PhotoCatalog } from "./photos.ts";
import { placeholdersIn } from "./placeholders.ts";
import { frontMatterSchema, plainFrontMatter, SLUG, siteSchema } from "./schema.ts";
import { characterKind, codePointName, firstForbiddenCharacter, linesWithForbiddenCharacters, whyForbidden } from "./xml-characters.ts";

/** One thing wrong with the content: where, which field, and what to do about it. */
export interface Problem {
  file: string;
  field?: string;
  message: string;
}

/** Every problem found in one run, reported together so an author fixes them all at once. */
export class ContentError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(
      `Content has ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was written. Fix the following:\n` +
        problems.map((p) => `  ${p.file}${p.field ? ` › ${p.field}` : ""}: ${p.message}`).join("\n"),
    );
    this.name = "ContentError";
  }
}

export interface LoadOptions {
  /** Overrides the site's base URL (the SITE_URL environment variable at build time). */
  siteUrl?: string | undefined;
  /** Told about what the build changed in an article without refusing it (the build prints these). */
  warn?: ((warning: Problem) => void) | undefined;
  /** The photos the build developed from the content folder (src/build/photos.ts); none when absent. */
  photos?: PhotoCatalog | undefined;
  /** Articles parsed by an earlier build from the same bytes, for the same site (src/build/build-cache.ts). */
  cache?: BuildCache | undefined;
  /**
   * Runs once the files are read, before they are parsed one by one: the build parses and renders
   * what the cache lacks on every core here (src/build/article-pool.ts), into the cache.
   */
  beforeParse?: ((site: Site, files: readonly SourceFile[]) => Promise<void>) | undefined;
}

/** The article files' names (articles/*.md), in order. */
export async function articleNames(contentDir: string): Promise<string[]> {
  return (await readdir(join(contentDir, "articles"))).filter((name) => name.endsWith(".md")).sort();
}

/** Reads `content/`: the site metadata in site.ts and every article in articles/*.md. */
export async function loadCorpus(contentDir: string, options: LoadOptions = {}): Promise<Corpus> {
  const siteModule = await importSiteModule(join(contentDir, "site.ts"));
  const articlesDir = join(contentDir, "articles");
  // Joined, not path.relative (which resolves both paths against the working folder, thousands of times).
  const folder = relative(contentDir, articlesDir);
  const paths = (await articleNames(contentDir)).map((name) => join(folder, name));
  // Read synchronously when read (many small files go faster so than through the thread pool's
  // queue): here without a cache; with one, as the threads are given them or the cache asks.
  const files = options.cache ? options.cache.sourceFiles(contentDir, paths) : paths.map((path) => ({ path, bytes: readFileSync(join(contentDir, path)) }));
  const site = options.beforeParse && parseSite(siteModule.default, options, []);
  if (site) await options.beforeParse!(site, files);
  return buildCorpus(siteModule.default, files, options);
}

/**
 * content/site.ts as a module. The build runs as bundled JavaScript in plain Node.js
 * (scripts/run.mjs), which cannot import TypeScript, so site.ts and whatever it imports are
 * compiled with esbuild first and imported from memory. A syntax error is a content problem that
 * names the line, not a stack trace. The compiled code is kept in SITE_MODULES with a hash of
 * every file it was compiled from: while none of them changes, it is imported from there without
 * loading esbuild and starting its service, most of the time site.ts took (docs/authoring-loop.md).
 */
async function importSiteModule(file: string): Promise<{ default: unknown }> {
  const cacheFile = join(SITE_MODULES, `${createHash("sha256").update(file).digest("hex").slice(0, 16)}.json`);
  let code = await compiledSiteModule(cacheFile);
  if (code === undefined) {
    const { build } = await import("esbuild");
    let result;
    try {
      result = await build({ entryPoints: [file], bundle: true, platform: "node", format: "esm", target: "node20", write: false, metafile: true, absWorkingDir: dirname(file), logLevel: "silent" });
    } catch (error) {
      const errors = (error as { errors?: { text: string; location?: { line: number } | null }[] }).errors;
      if (!errors) throw error;
      throw new ContentError(errors.map((e) => ({ file: "site.ts", message: `${e.text}${e.location ? ` (line ${e.location.line})` : ""}: fix it there` })));
    }
    code = result.outputFiles[0]!.text;
    const inputs = Object.keys(result.metafile.inputs).map((input) => resolve(dirname(file), input));
    const entry: CompiledSiteModule = { compiler: COMPILER, inputs: await Promise.all(inputs.map(async (input) => [input, await fileHash(input)] as const)), code };
    await mkdir(SITE_MODULES, { recursive: true });
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(entry));
    await rename(temporary, cacheFile);
  }
  return (await importUrl(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`)) as { default: unknown };
}

/**
 * `import(url)`. scripts/run.mjs runs the bundled build as a script (for its V8 code cache), and
 * Node.js 20 gives a script no module loader for the `import()` syntax; run.mjs lends its own
 * under this symbol.
 */
function importUrl(url: string): Promise<unknown> {
  const lent = (globalThis as { [IMPORT]?: (url: string) => Promise<unknown> })[IMPORT];
  return lent ? lent(url) : import(url);
}
const IMPORT = Symbol.for("edgefeed.import");

/** Compiled site modules, beside the build's other caches (node_modules/.cache/edgefeed/). */
const SITE_MODULES = fileURLToPath(new URL("../../node_modules/.cache/edgefeed/site/", import.meta.url));
/** A compiled site module is only as good as the compiler and the options that made it. */
const COMPILER = `esbuild ${(createRequire(import.meta.url)("esbuild/package.json") as { version: string }).version}, esm node20`;

interface CompiledSiteModule {
  compiler: string;
  /** Every file the code was compiled from, with the SHA-256 of its bytes then. */
  inputs: (readonly [string, string | undefined])[];
  code: string;
}

/** The kept code of a site module, if it was compiled by this compiler from files that have not changed since; a missing or unreadable entry is compiled again. */
async function compiledSiteModule(cacheFile: string): Promise<string | undefined> {
  try {
    const entry = JSON.parse(await readFile(cacheFile, "utf8")) as CompiledSiteModule;
    if (entry.compiler !== COMPILER || typeof entry.code !== "string" || !Array.isArray(entry.inputs) || entry.inputs.length === 0) return undefined;
    for (const [input, hash] of entry.inputs) if (typeof hash !== "string" || (await fileHash(input)) !== hash) return undefined;
    return entry.code;
  } catch {
    return undefined;
  }
}

/** The SHA-256 of a file's bytes; undefined for an input that is not a file (esbuild can have those), so its entry is never trusted. */
async function fileHash(file: string): Promise<string | undefined> {
  try {
    return createHash("sha256").update(await readFile(file)).digest("hex");
  } catch {
    return undefined;
  }
}

export interface SourceFile {
  /** Path shown in messages, relative to the content folder. */
  path: string;
  /**
   * The file's bytes. For a file listed by the build's cache (BuildCache.sourceFiles), a getter
   * that reads the file on first use, which can then throw as a read does, and keys the file by
   * what it read.
   */
  bytes: Uint8Array;
}

/** Validates the site and the articles together; throws one ContentError naming every problem. */
export function buildCorpus(siteInput: unknown, files: readonly SourceFile[], options: LoadOptions = {}): Corpus {
  const problems: Problem[] = [];
  const site = parseSite(siteInput, options, problems);
  const articles: Article[] = [];
  // Slugs are claimed by every file whose slug is well formed, drafts and files with other
  // problems included, so a collision is reported in the same run as everything else.
  const slugs = new Map<string, string>();
  const claimSlug = (slug: string, path: string): boolean => {
    const earlier = slugs.get(slug);
    if (earlier === undefined) {
      slugs.set(slug, path);
      return true;
    }
    problems.push({ file: path, field: "slug", message: `"${slug}" is already used by ${earlier}: give one of them another slug` });
    return false;
  };
  const warn = options.warn ?? (() => {});
  const cache = options.cache;
  if (site) cache?.useSite(site);
  for (const file of files) {
    const cached = site && cache?.article(file);
    if (cached) {
      // What parsing the same bytes for the same site would do again: claim the slug, warn, keep the article.
      const unique = cached.slug === undefined || claimSlug(cached.slug, file.path);
      for (const warning of cached.warnings) warn(warning);
      if (cached.article && unique) articles.push(cached.article);
      continue;
    }
    const problemsBefore = problems.length;
    const warnings: Problem[] = [];
    let slug: string | undefined;
    const claim = (claimed: string, path: string) => claimSlug((slug = claimed), path);
    const article = parseArticle(
      file,
      site,
      problems,
      claim,
      (warning) => {
        warnings.push(warning);
        warn(warning);
      },
      options.photos ?? NO_PHOTOS,
    );
    if (article) articles.push(article);
    if (site && problems.length === problemsBefore) cache?.remember(file, { slug, article, warnings });
  }
  if (files.length === 0) problems.push({ file: "articles/", message: "no articles: add a Markdown file (npm run new -- \"Title\")" });
  if (problems.length > 0 || !site) throw new ContentError(problems);
  articles.sort(newestFirst);
  return { site, articles };
}

function newestFirst(a: Article, b: Article): number {
  return b.published.getTime() - a.published.getTime() || a.slug.localeCompare(b.slug);
}

function parseSite(input: unknown, options: LoadOptions, problems: Problem[]): Site | undefined {
  const result = siteSchema.safeParse(
    options.siteUrl && typeof input === "object" && input ? { ...input, url: options.siteUrl } : input,
    { reportInput: true },
  );
  if (!result.success) {
    problems.push(...zodProblems("site.ts", result.error, siteSchema));
    return undefined;
  }
  const unreadable = characterProblems("site.ts", result.data, []);
  if (unreadable.length > 0) {
    problems.push(...unreadable);
    return undefined;
  }
  const url = result.data.url.replace(/\/+$/, "");
  return { ...result.data, url, icon: new URL(result.data.icon, `${url}/`).href };
}

/** One article file parsed alone: what parsing it in the corpus gives, but for slug collisions, which take the corpus. */
export interface ParsedFile {
  slug: string | undefined;
  article: Article | undefined;
  warnings: Problem[];
  problems: Problem[];
}

/** Parses one article file for `site` on its own (src/build/article-pool.ts). */
export function parseArticleFile(file: SourceFile, site: Site, photos: PhotoCatalog): ParsedFile {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  let slug: string | undefined;
  const article = parseArticle(file, site, problems, (claimed) => ((slug = claimed), true), (warning) => warnings.push(warning), photos);
  return { slug, article, warnings, problems };
}

const FRONT_MATTER = /^---\n([\s\S]*?)\n---(?:\n|$)/;

const NO_PHOTOS: PhotoCatalog = new Map();

function parseArticle(
  file: SourceFile,
  site: Site | undefined,
  problems: Problem[],
  claimSlug: (slug: string, path: string) => boolean,
  warn: (warning: Problem) => void,
  photos: PhotoCatalog,
): Article | undefined {
  const report = (message: string, field?: string) => problems.push({ file: file.path, message, ...(field ? { field } : {}) });
  const problemsBefore = problems.length;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(file.bytes);
  } catch {
    report(`is not valid UTF-8 (first bad byte on line ${firstUndecodableLine(file.bytes)}): save it as UTF-8`);
    return undefined;
  }
  if (text.startsWith("\uFEFF")) {
    report("starts with a byte-order mark: save it as UTF-8 without BOM");
    return undefined;
  }
  // Most files have no carriage return: a search says so faster than the expression.
  if (text.includes("\r")) text = text.replace(/\r\n?/g, "\n");
  const match = FRONT_MATTER.exec(text);
  if (!match) {
    report("has no front matter: start the file with a --- line, the fields, and another --- line");
    return undefined;
  }
  const lines = new LineCounter();
  const parse = () => parseDocument(match[1]!, { lineCounter: lines });
  // Front matter in the plain form is read without the YAML parser, to the same value; the
  // parser reads anything else, and finds the lines of a value a problem names.
  const simple = simpleFrontMatter(match[1]!);
  let document = simple === undefined ? parse() : undefined;
  if (document && document.errors.length > 0) {
    report(`front matter is not valid YAML: ${yamlProblem(document.errors[0], match[1]!)}`);
    return undefined;
  }
  const data: unknown = simple ?? document!.toJS() ?? {};
  // The front matter starts on the file's second line, after the opening ---.
  const lineOf = (path: readonly PropertyKey[]) => frontMatterLine((document ??= parse()), lines, path) + 1;
  const unreadable = characterProblems(file.path, data, [], lineOf);
  const slug = typeof data === "object" && data !== null && "slug" in data ? data.slug : undefined;
  const unique = typeof slug !== "string" || !SLUG.test(slug) || claimSlug(slug, file.path);
  // Front matter of the usual kind is checked without zod, to the same value (plainFrontMatter).
  const plain = plainFrontMatter(data);
  const result = plain ? ({ success: true, data: plain } as const) : frontMatterSchema.safeParse(data, { reportInput: true });
  const afterFrontMatter = text.slice(match[0].length);
  const body = afterFrontMatter.trim();
  const bodyLine = text.slice(0, text.length - afterFrontMatter.trimStart().length).split("\n").length;
  if (!body) report("has no body: write the article below the front matter", "body");
  problems.push(...unreadable);
  if (!result.success) {
    problems.push(...zodProblems(file.path, result.error, frontMatterSchema));
    return undefined;
  }
  if (unreadable.length > 0) return undefined;
  const fm = result.data;
  const updated = fm.updated ?? fm.published;
  if (updated < fm.published) report("is earlier than published: an article cannot be updated before it is published", "updated");
  if (!site || !body || fm.draft || !unique) return undefined;
  const url = `${site.url}/articles/${fm.slug}`;
  // A remote picture in the body that is not fully described still builds, as it always has,
  // with one warning: Markdown's ![alt](url) cannot even give a size. Everything else must be right.
  const photo = (reference: PhotoReference, field: string): Photo | undefined => {
    const resolved = resolvePhoto(reference, file.path, site.url, photos);
    if (!Array.isArray(resolved)) return resolved;
    for (const { message, part } of resolved) report(message, `${field}${part}`);
    return undefined;
  };
  const image = fm.image && photo(fm.image, "image.");
  const figures: Photo[] = [];
  const html = articleHtml(body, fm.summary, url, (message) => warn({ file: file.path, field: "body", message }), bodyLine, (img) => {
    if (!isRemote(img.src)) {
      const figure = photo(imageReference(img), `body › ${img.src.trim()} › `);
      if (figure) figures.push(figure);
      return figure;
    }
    const resolved = resolvePhoto(imageReference(img), file.path, site.url, photos);
    if (!Array.isArray(resolved)) {
      figures.push(resolved);
      return resolved;
    }
    const missing = resolved.map(({ part }) => part);
    warn({
      file: file.path,
      field: `body › ${img.src.trim()}`,
      message: `is a remote picture without ${missing.join(" or ")}: it is published as written, but pages cannot reserve its space and the AMP page leaves it out; write it as <img src="…" alt="…" width="…" height="…">`,
    });
    return undefined;
  });
  if (problems.length > problemsBefore) return undefined;
  const article: Article = {
    slug: fm.slug,
    title: fm.title,
    author: fm.author ?? site.defaultAuthor,
    summary: fm.summary,
    tags: fm.tags,
    published: fm.published,
    updated,
    html,
    url,
    source: file.path,
    image,
    figures,
  };
  // Text npm run new left to replace: fine to preview, refused by npm run deploy. Warned about
  // here, with the parse, so the build's cache keeps the warning with the article.
  for (const placeholder of placeholdersIn({ site, articles: [article] })) warn(placeholder);
  return article;
}

/** An <img> of the body as a photo reference: its attributes as the author wrote them. */
function imageReference(img: ImageAttributes): PhotoReference {
  const pixels = (value: string | undefined) => (value !== undefined && /^\s*\d+\s*$/.test(value) && Number(value) > 0 ? Number(value) : undefined);
  return { src: img.src, alt: img.alt, width: pixels(img.width), height: pixels(img.height) };
}

/**
 * The body's HTML. A character no feed can carry is removed, with a warning naming its lines,
 * rather than refused: in a body it is nearly always invisible debris of a paste from a word
 * processor or terminal (a form feed, an escape, a NUL), which the author cannot see to fix and
 * whose removal changes nothing a reader would see.
 */
function articleHtml(body: string, summary: string, url: string, warn: (message: string) => void, firstLine: number, photo: PhotoLookup): string {
  const rendered = renderMarkdown(body, url, photo);
  if (rendered.removedCharacters) {
    const found = linesWithForbiddenCharacters(body).map(({ line, character }) => `${line + firstLine - 1} (${codePointName(character)})`);
    const where = found.length > 0 ? `on line${found.length === 1 ? "" : "s"} ${found.join(", ")}` : "";
    const kinds = found.length > 0 && linesWithForbiddenCharacters(body).every(({ character }) => whyForbidden(character).startsWith("which RSS"))
      ? "characters that RSS and Atom cannot carry"
      : "characters that RSS and Atom cannot carry or that feed validators flag";
    warn(`removed ${kinds} ${where}`.trim() + ": delete them from the file to silence this warning");
  }
  if (rendered.html) return rendered.html;
  // An embed-only body (an <iframe>, a <script>) sanitizes to nothing: every output would carry
  // an empty article, and some readers show an item without content as broken.
  warn("came out empty once unsafe HTML was removed (an embed, a script?): the summary is published as the body; add text or a link");
  return `<p>${escapeHtml(summary)}</p>`;
}

/**
 * A problem for every text value holding a character that no feed can carry (see
 * xml-characters.ts), naming the field, the line and the character: refused rather than removed,
 * because a front-matter field is short, shown in every listing, and the author can see and fix it.
 */
function characterProblems(
  file: string,
  value: unknown,
  path: PropertyKey[],
  lineOf?: (path: readonly PropertyKey[]) => number,
): Problem[] {
  if (typeof value === "string") {
    const found = firstForbiddenCharacter(value);
    if (!found) return [];
    const where = lineOf ? `line ${lineOf(path)} has` : "has";
    const message = `${where} ${codePointName(found.character)} (${characterKind(found.character)}), ${whyForbidden(found.character)}: delete it (retype the text around it if you cannot see it)`;
    return [{ file, field: path.map(String).join(".") || "(top level)", message }];
  }
  if (typeof value !== "object" || value === null || value instanceof Date) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    characterProblems(file, inner, [...path, Array.isArray(value) ? Number(key) : key], lineOf),
  );
}

/** The 1-based line, within the front matter, of the value at `path` (its key's line if the value has no node). */
function frontMatterLine(document: Document, lines: LineCounter, path: readonly PropertyKey[]): number {
  const node = document.getIn(path, true);
  const offset = isNode(node) ? node.range?.[0] : undefined;
  return offset === undefined ? 1 : lines.linePos(offset).line;
}

/**
 * The YAML parser's reason, with the line counted in the file (the front matter starts on line 2).
 * A list, map or quoted text left open is reported where the parser gives up, often the next
 * field's line; the author wrote the mistake where it opened, so that is the line named.
 */
function yamlProblem(error: unknown, source: string): string {
  if (!(error instanceof YAMLParseError)) return String(error);
  const unclosed = unclosedBefore(source, error.pos[0]);
  if (unclosed) {
    const line = source.slice(0, unclosed.offset).split("\n").length + 1;
    return `${unclosed.what} opened on line ${line} of the file is never closed: end it with ${unclosed.closer}`;
  }
  const reason = error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
  const line = error.linePos?.[0].line;
  return line === undefined ? reason : `${reason} (line ${line + 1} of the file): fix the syntax there`;
}

interface Unclosed {
  offset: number;
  what: string;
  closer: string;
}

/** The last flow collection or quoted scalar that opens before `position` and never closes, if any. */
function unclosedBefore(source: string, position: number): Unclosed | undefined {
  let found: Unclosed | undefined;
  const visit = (node: unknown): void => {
    if (typeof node !== "object" || node === null) return;
    const token = node as { type?: string; offset?: number; source?: string; start?: { source?: string }; end?: unknown };
    if (typeof token.offset === "number" && token.offset <= position && (!found || token.offset >= found.offset)) {
      const open = unclosedToken(token);
      if (open) found = { offset: token.offset, ...open };
    }
    for (const value of Object.values(node)) visit(value);
  };
  for (const token of new YamlParser().parse(source)) visit(token);
  return found;
}

function unclosedToken(token: { type?: string; source?: string; start?: { source?: string }; end?: unknown }): Omit<Unclosed, "offset"> | undefined {
  if (token.type === "flow-collection") {
    const list = token.start?.source === "[";
    const closer = list ? "]" : "}";
    const closed = Array.isArray(token.end) && token.end.some((t: { source?: string }) => t.source === closer);
    return closed ? undefined : { what: list ? 'The list "["' : 'The map "{"', closer: `"${closer}"` };
  }
  for (const [type, quote] of [["double-quoted-scalar", '"'], ["single-quoted-scalar", "'"]] as const) {
    if (token.type !== type || typeof token.source !== "string") continue;
    const text = token.source;
    // In single quotes a quote is escaped by doubling it; in double quotes by a backslash.
    const closed = text.length > 1 && text.endsWith(quote) && (quote === "'" ? /^'(?:[^']|'')*'$/s.test(text) : /^"(?:[^"\\]|\\.)*"$/s.test(text));
    return closed ? undefined : { what: `The text in quotes (${quote})`, closer: `a closing ${quote}` };
  }
  return undefined;
}

/** The line of the first byte sequence that is not UTF-8, for the message. */
function firstUndecodableLine(bytes: Uint8Array): number {
  const lossy = new TextDecoder("utf-8").decode(bytes);
  return lossy.slice(0, lossy.indexOf("\uFFFD")).split("\n").length;
}

/**
 * zod's issues as problems an author can act on: a missing field says what to add, an unknown one
 * (a typo such as `titel`) names the known field it is closest to.
 */
function zodProblems(file: string, error: z.ZodError, schema: z.ZodObject): Problem[] {
  // A typo of a required field (`titel:`) also leaves that field missing: the unknown field's
  // "did you mean title?" says all there is to do, so the missing field is not a second problem.
  const meant = new Set<string>();
  for (const issue of error.issues) {
    if (issue.code !== "unrecognized_keys") continue;
    const known = Object.keys(fieldsAt(schema, issue.path));
    for (const key of issue.keys) {
      const nearest = closest(key, known);
      if (nearest) meant.add([...issue.path, nearest].join("."));
    }
  }
  return error.issues.flatMap((issue): Problem[] => {
    if (issue.code === "unrecognized_keys") {
      const known = Object.keys(fieldsAt(schema, issue.path));
      return issue.keys.map((key) => ({ file, field: [...issue.path, key].join("."), message: unknownFieldMessage(key, known) }));
    }
    const field = issue.path.join(".");
    if (issue.code === "invalid_type" && issue.path.length === 0) {
      return [{ file, message: "must be fields, one `name: value` per line, such as `title: The headline`" }];
    }
    const missing = issue.code === "invalid_type" && issue.input === undefined;
    if (missing && meant.has(field)) return [];
    return [{ file, field, message: missing ? `is required: add a \`${issue.path.at(-1)?.toString()}:\` line` : issue.message }];
  });
}

function unknownFieldMessage(key: string, known: readonly string[]): string {
  const nearest = closest(key, known);
  return nearest
    ? `is not a known field: did you mean ${nearest}? Rename it`
    : `is not a known field: remove it (known fields: ${known.join(", ")})`;
}

/** The object schema at a path (site.ts has a nested publisher), so nested typos get suggestions too. */
function fieldsAt(schema: z.ZodObject, path: readonly PropertyKey[]): Record<string, unknown> {
  let shape: Record<string, unknown> = schema.shape;
  for (const key of path) {
    const inner = shape[String(key)];
    if (!(inner instanceof ZodObject)) return {};
    shape = inner.shape;
  }
  return shape;
}

/** The known name within edit distance 2 of a typo (Levenshtein), if exactly one is nearest. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  const scored = candidates.map((candidate) => ({ candidate, distance: editDistance(word.toLowerCase(), candidate.toLowerCase()) }));
  const best = Math.min(...scored.map((s) => s.distance));
  const nearest = scored.filter((s) => s.distance === best);
  return best <= 2 && nearest.length === 1 ? nearest[0]!.candidate : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
