import { cp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Writes a synthetic content folder of `count` seed-sized articles into `dir`: the seed's site.ts
 * and icon, and articles shaped like the seed (same front matter fields, same number of paragraphs
 * and words per paragraph, the same figure) whose words are drawn from the seed's own vocabulary
 * with its word frequencies. Every article has distinct text, title, slug and date.
 *
 * Words drawn independently compress worse under gzip than real prose (no repeated phrases), so
 * the bundle sizes measured on these corpora are an upper bound for real articles of this size.
 */
export async function writeSyntheticCorpus(seedContentDir: string, dir: string, count: number): Promise<void> {
  await mkdir(join(dir, "articles"), { recursive: true });
  await cp(join(seedContentDir, "site.ts"), join(dir, "site.ts"));
  await cp(join(seedContentDir, "icon.svg"), join(dir, "icon.svg"));
  const seed = await readSeedArticle(join(seedContentDir, "articles"));
  const random = mulberry32(0x5eed);
  const writes: Promise<void>[] = [];
  for (let n = 0; n < count; n++) {
    const slug = `synthetic-${String(n).padStart(5, "0")}`;
    writes.push(writeFile(join(dir, "articles", `${slug}.md`), syntheticArticle(seed, n, slug, random)));
  }
  await Promise.all(writes);
}

interface SeedArticle {
  /** Words per paragraph of the body, in order. */
  paragraphs: number[];
  /** Every word of the body, with repetitions: drawing from it keeps the seed's frequencies. */
  words: string[];
  figure: string;
}

async function readSeedArticle(articlesDir: string): Promise<SeedArticle> {
  const name = (await readdir(articlesDir)).filter((file) => file.endsWith(".md")).sort()[0];
  if (!name) throw new Error(`no seed article in ${articlesDir}`);
  const text = (await readFile(join(articlesDir, name), "utf8")).replace(/\r\n?/g, "\n");
  const body = text.replace(/^---\n[\s\S]*?\n---\n/, "");
  const figures = /<figure>[\s\S]*?<\/figure>/g;
  const figure = body.match(figures)?.[0] ?? "";
  const prose = body
    .replace(figures, "")
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.split(/\s+/).filter((word) => word && !word.includes("<")))
    .filter((words) => words.length > 0);
  return { paragraphs: prose.map((words) => words.length), words: prose.flat(), figure };
}

function syntheticArticle(seed: SeedArticle, n: number, slug: string, random: () => number): string {
  const draw = (count: number) => Array.from({ length: count }, () => seed.words[Math.floor(random() * seed.words.length)]).join(" ");
  // One article every 7 hours from 2020-01-01: distinct, ordered, and spread over years.
  const published = new Date(Date.UTC(2020, 0, 1) + n * 7 * 3_600_000).toISOString().replace(".000Z", "Z");
  const frontMatter = {
    title: `Synthetic ${n}: ${draw(8)}`,
    slug,
    published,
    author: "Bench Desk",
    summary: draw(30),
    tags: ["Bench", `Group ${n % 10}`],
  };
  const yaml = Object.entries(frontMatter)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join("\n");
  const body = seed.paragraphs.map(draw).join("\n\n");
  return `---\n${yaml}\n---\n\n${seed.figure}\n\n${body}\n`;
}

/** A small deterministic PRNG: the same corpus on every run, so sizes compare across runs. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
