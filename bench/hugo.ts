import { execFileSync, spawnSync } from "node:child_process";
import { cp, mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { flushWrites } from "./measure.ts";

/**
 * Hugo, the reference for build speed: a site equivalent to ours built from the same Markdown
 * files. Debian's `hugo` package is installed when missing (the bench runs where apt works, as CI does).
 */
export function hugoVersion(): string {
  const installed = () => spawnSync("hugo", ["version"], { encoding: "utf8" });
  let version = installed();
  if (version.status !== 0) {
    execFileSync("apt-get", ["install", "-y", "hugo"], { stdio: "ignore" });
    version = installed();
  }
  if (version.status !== 0) throw new Error("hugo is not installed and apt-get could not install it: apt-get install -y hugo");
  return /hugo v([\d.]+)/.exec(version.stdout)?.[1] ?? version.stdout.trim();
}

/**
 * Writes into `dir` a Hugo site with what edgefeed renders: a page and an AMP page per article
 * (Hugo's built-in AMP output format), an index of every article with its summary, full-content
 * RSS of the site and of every tag, and a page per tag. The articles are our own files: Hugo reads
 * their YAML front matter, `published` and `updated` mapped to its dates. Hugo's feeds carry every
 * article, as our subscription feed plus its archive pages do together.
 */
export async function writeHugoSite(contentDir: string, dir: string): Promise<void> {
  await mkdir(join(dir, "layouts", "_default"), { recursive: true });
  await cp(join(contentDir, "articles"), join(dir, "content", "articles"), { recursive: true });
  await writeFile(join(dir, "config.toml"), CONFIG);
  for (const [name, text] of Object.entries(LAYOUTS)) await writeFile(join(dir, "layouts", "_default", name), text);
}

/** One cold Hugo build of the site in `dir` (its output removed first), in milliseconds. */
export async function buildHugo(dir: string): Promise<number> {
  await rm(join(dir, "public"), { recursive: true, force: true });
  flushWrites();
  const started = performance.now();
  const result = spawnSync("hugo", ["--quiet", "--destination", join(dir, "public")], { cwd: dir, encoding: "utf8" });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`hugo failed:\n${result.stderr}`);
  return ms;
}

const CONFIG = `baseURL = "https://edgefeed.example/"
languageCode = "en"
title = "edgefeed"
disableKinds = ["section", "sitemap", "robotsTXT", "404"]
[frontmatter]
date = ["published", "date"]
lastmod = ["updated", "published"]
[markup.goldmark.renderer]
unsafe = true
[outputs]
home = ["HTML", "RSS"]
page = ["HTML", "AMP"]
taxonomy = ["HTML"]
term = ["HTML", "RSS"]
[taxonomies]
tag = "tags"
`;

const LAYOUTS: Record<string, string> = {
  "baseof.html": `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title>{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">{{ end }}</head><body>{{ block "main" . }}{{ end }}</body></html>
`,
  "single.html": `{{ define "main" }}<article><h1>{{ .Title }}</h1><p>By {{ .Params.author }}</p><p>Published {{ .Date.Format "January 2, 2006" }}</p>{{ .Content }}<p>Topics: {{ delimit .Params.tags ", " }}</p></article>{{ end }}
`,
  "single.amp.html": `<!doctype html><html amp lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title><link rel="canonical" href="{{ .Permalink }}"></head><body><article><h1>{{ .Title }}</h1><p>By {{ .Params.author }}</p>{{ .Content }}</article></body></html>
`,
  "list.html": `{{ define "main" }}<h1>{{ .Title }}</h1><ol>{{ range .Pages }}<li><h3><a href="{{ .Permalink }}">{{ .Title }}</a></h3><p>{{ .Date.Format "January 2, 2006" }} · By {{ .Params.author }}</p><p>{{ .Params.summary }}</p></li>{{ end }}</ol>{{ end }}
`,
  "rss.xml": `{{- $pages := .Pages -}}{{ if .IsHome }}{{ $pages = .Site.RegularPages }}{{ end -}}
{{ printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\"?>" | safeHTML }}
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>{{ .Title }}</title><link>{{ .Permalink }}</link><description>{{ .Site.Title }}</description>
{{ range $pages }}<item><title>{{ .Title }}</title><link>{{ .Permalink }}</link><pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" | safeHTML }}</pubDate><guid>{{ .Permalink }}</guid><description>{{ .Params.summary }}</description><content:encoded>{{ printf "<![CDATA[%s]]>" .Content | safeHTML }}</content:encoded></item>
{{ end }}</channel></rss>
`,
};
