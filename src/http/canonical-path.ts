import type { MiddlewareHandler } from "hono";

/**
 * One URL per document. A GET or HEAD for a known alias of a served path is answered with a
 * permanent redirect to that path; anything else goes on to the routes unchanged.
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
export function canonicalRedirects(isServed: (path: string) => boolean): MiddlewareHandler {
  return async (c, next) => {
    const path = c.req.path;
    if (!ALIAS_ENDING.test(path) || (c.req.method !== "GET" && c.req.method !== "HEAD")) return next();
    const target = canonicalPath(path);
    if (target === undefined || !isServed(target) || !isOwnPath(target)) return next();
    const query = new URL(c.req.url).search;
    return new Response(null, {
      status: 301,
      headers: { location: `${target}${query}`, "cache-control": REDIRECT_CACHE_CONTROL },
    });
  };
}

/** Cheap test first: almost every request ends with neither, and pays nothing more. */
const ALIAS_ENDING = /(?:\/|\/index\.html)$/;

/** An alias never changes its target between deploys: a day, like the icon. */
const REDIRECT_CACHE_CONTROL = "public, max-age=86400";

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
