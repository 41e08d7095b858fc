import { join } from "node:path";
import { pathToFileURL } from "node:url";

/** A route the bench measures: what to request, and the status every answer must have. */
export interface Route {
  name: string;
  path: string;
  headers?: Record<string, string>;
  expectStatus: number;
  /** Whether the 200-route budgets apply (the 304 and 404 have their own baselines). */
  kind: "200" | "304" | "404";
}

/** The seed article the issue names; any other corpus uses its first article. */
const SEED_ARTICLE = "/articles/ambassador-xing-suggests-linking-moon-xi-initiatives";
const NOT_FOUND = "/bench/no-such-page";

/**
 * The routes, discovered from what the build generated in `project` (a copy of the repository):
 * the three feeds, an article page, its AMP page when the build makes one, a 404. The 304 route
 * is added once the feed's ETag is known (`revalidationRoute`). Nothing here knows a body.
 */
export async function discoverRoutes(project: string): Promise<{ routes: Route[]; allPaths: string[]; feeds: FeedPaths; notes: string[] }> {
  const generated = (await import(pathToFileURL(join(project, "src", "generated", "documents.ts")).href)) as {
    DOCUMENTS: readonly (readonly [string, unknown])[];
  };
  const { PATHS } = (await import(pathToFileURL(join(project, "src", "paths.ts")).href)) as {
    PATHS: { feed: { rss: string; atom: string; json: string }; negotiatedFeed: string };
  };
  const allPaths = generated.DOCUMENTS.map(([path]) => path);
  const notes: string[] = [];
  const article = allPaths.includes(SEED_ARTICLE) ? SEED_ARTICLE : allPaths.find((path) => /^\/articles\/[^/]+$/.test(path));
  if (!article) throw new Error("the build generated no article page");
  const routes: Route[] = [
    { name: "RSS", path: PATHS.feed.rss, expectStatus: 200, kind: "200" },
    { name: "Atom", path: PATHS.feed.atom, expectStatus: 200, kind: "200" },
    { name: "JSON Feed", path: PATHS.feed.json, expectStatus: 200, kind: "200" },
    { name: "Article page", path: article, expectStatus: 200, kind: "200" },
  ];
  const amp = allPaths.find((path) => path === `${article}/amp`);
  if (amp) routes.push({ name: "AMP page", path: amp, expectStatus: 200, kind: "200" });
  else notes.push(`No AMP page: the build generated no ${article}/amp, so it is not measured.`);
  routes.push({ name: "404", path: NOT_FOUND, expectStatus: 404, kind: "404" });
  const feeds = { rss: PATHS.feed.rss, atom: PATHS.feed.atom, json: PATHS.feed.json, negotiated: PATHS.negotiatedFeed };
  return { routes, allPaths, feeds, notes };
}

/** Where the site's feed is served in each format, and `/feed`, which picks one by Accept. */
export interface FeedPaths {
  rss: string;
  atom: string;
  json: string;
  negotiated: string;
}

/** A feed reader's revalidation: If-None-Match with the feed's current ETag, answered 304. */
export function revalidationRoute(path: string, etag: string): Route {
  return { name: "304 (RSS revalidation)", path, headers: { "if-none-match": etag }, expectStatus: 304, kind: "304" };
}
