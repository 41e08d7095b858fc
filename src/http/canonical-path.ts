import type { HeaderList } from "./headers.ts";
import { BODILESS_SECURITY_HEADERS } from "./security-headers.ts";

/**
 * One URL per document. A GET or HEAD for a known alias of a served path is answered with a
 * permanent redirect to that path. Only asked when no document is served at the path, so the
 * documents themselves pay nothing for it.
 *
 * - A trailing slash (`/feed.xml/`, `/articles/x/`) and an `index.html` (`/index.html`,
 *   `/articles/x/index.html`) are aliases: people and old links add them, and a 301 moves every
 *   reader, crawler and cache onto the one canonical URL.
 * - Case is not folded: paths are case-sensitive (RFC 3986 §6.2.2.1), every published URL is
 *   lowercase, and redirecting every case variant would turn any capitalised garbage into a
 *   redirect for a cache to store. `/Feed.xml` is a 404.
 * - Only a path that is served (`isServed`) is ever a target, so the Location is always one of
 *   our own root-relative paths: `//evil.example/` can never redirect off-site.
 */
export function aliasRedirect(request: Request, path: string, isServed: (path: string) => boolean): Response | undefined {
  if (!ALIAS_ENDING.test(path) || (request.method !== "GET" && request.method !== "HEAD")) return undefined;
  const target = canonicalPath(path);
  if (target === undefined || !isServed(target) || !isOwnPath(target)) return undefined;
  const query = new URL(request.url).search;
  return new Response(null, { status: 301, headers: [["location", `${target}${query}`], ...REDIRECT_HEADERS] });
}

/** Cheap test first: almost every request ends with neither, and pays nothing more. */
const ALIAS_ENDING = /(?:\/|\/index\.html)$/;

/** An alias never changes its target between deploys: a day, like the icon. */
const REDIRECT_HEADERS: HeaderList = [["cache-control", "public, max-age=86400"], ...BODILESS_SECURITY_HEADERS];

/** The canonical form of an alias, or undefined when the path is already canonical. */
export function canonicalPath(path: string): string | undefined {
  const withoutIndex = path.endsWith("/index.html") ? path.slice(0, -"index.html".length) : path;
  const canonical = withoutIndex.replace(/\/+$/, "") || "/";
  return canonical === path ? undefined : canonical;
}

/** Root-relative and same-origin: one leading slash, no backslash a browser would read as one. */
function isOwnPath(path: string): boolean {
  return path.startsWith("/") && !path.startsWith("//") && !path.includes("\\");
}
