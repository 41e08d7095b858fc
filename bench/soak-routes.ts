import type { FeedPaths, Route } from "./routes.ts";
import type { SoakRoute } from "./soak.ts";

/**
 * What the load test cycles through: a GET of every document the build generated; the measured
 * routes that are not 200s (the RSS revalidation's 304, the 404); and each other kind of request
 * the Worker answers, with the status it must get and, where the status alone would not tell
 * whether the right thing was served, a header: `/feed` negotiated by Accept (Content-Location
 * names the format chosen), its 304 with the chosen format's ETag, HEAD, a CORS preflight, an
 * alias redirect, and a 405.
 *
 * `article` is a served article page; `atomEtag` is the Atom feed's current ETag, which `/feed`
 * also sends when it chooses Atom (each variant has the ETag of its bytes).
 */
export function soakRoutes(allPaths: readonly string[], measured: readonly Route[], feeds: FeedPaths, article: string, atomEtag: string): SoakRoute[] {
  const chosen = (path: string) => ({ "content-location": path });
  const routes: SoakRoute[] = [
    ...allPaths.map((path): SoakRoute => ({ label: `GET ${path}`, method: "GET", path, expectStatus: 200 })),
    ...measured
      .filter((route) => route.kind !== "200")
      .map((route): SoakRoute => ({ label: `GET ${route.path}${route.headers ? ` (${Object.keys(route.headers).join(", ")})` : ""}`, method: "GET", path: route.path, ...headers(route.headers), expectStatus: route.expectStatus })),
    // Negotiation: no Accept and a browser's Accept (application/xml is an alias RSS and Atom share;
    // the tie goes to RSS) get RSS; each feed's own type gets that feed.
    negotiated(feeds, undefined, feeds.rss),
    negotiated(feeds, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", feeds.rss),
    negotiated(feeds, "application/rss+xml", feeds.rss),
    negotiated(feeds, "application/atom+xml", feeds.atom),
    negotiated(feeds, "application/feed+json", feeds.json),
    {
      label: `GET ${feeds.negotiated} (Accept: application/atom+xml, If-None-Match: Atom's ETag)`,
      method: "GET",
      path: feeds.negotiated,
      headers: { accept: "application/atom+xml", "if-none-match": atomEtag },
      expectStatus: 304,
      expectHeaders: { ...chosen(feeds.atom), etag: atomEtag },
    },
    { label: `HEAD ${feeds.rss}`, method: "HEAD", path: feeds.rss, expectStatus: 200 },
    { label: `HEAD ${article}`, method: "HEAD", path: article, expectStatus: 200 },
    {
      label: `HEAD ${feeds.negotiated} (Accept: application/feed+json)`,
      method: "HEAD",
      path: feeds.negotiated,
      headers: { accept: "application/feed+json" },
      expectStatus: 200,
      expectHeaders: chosen(feeds.json),
    },
    preflight(feeds.rss),
    preflight(feeds.negotiated),
    { label: `GET ${article}/ (alias)`, method: "GET", path: `${article}/`, expectStatus: 301, expectHeaders: { location: article } },
    { label: `POST ${feeds.rss}`, method: "POST", path: feeds.rss, expectStatus: 405 },
  ];
  if (allPaths.includes("/")) {
    routes.push({ label: "GET /index.html (alias)", method: "GET", path: "/index.html", expectStatus: 301, expectHeaders: { location: "/" } });
  }
  return routes;
}

function negotiated(feeds: FeedPaths, accept: string | undefined, servedPath: string): SoakRoute {
  return {
    label: `GET ${feeds.negotiated} (${accept === undefined ? "no Accept" : `Accept: ${accept}`})`,
    method: "GET",
    path: feeds.negotiated,
    ...headers(accept === undefined ? undefined : { accept }),
    expectStatus: 200,
    expectHeaders: { "content-location": servedPath },
  };
}

/** What a browser sends before a cross-origin GET with a header that is not CORS-safelisted. */
function preflight(path: string): SoakRoute {
  return {
    label: `OPTIONS ${path} (CORS preflight)`,
    method: "OPTIONS",
    path,
    headers: { origin: "https://reader.example", "access-control-request-method": "GET", "access-control-request-headers": "if-none-match" },
    expectStatus: 204,
    expectHeaders: { "access-control-allow-origin": "*" },
  };
}

/** exactOptionalPropertyTypes: no `headers: undefined`. */
function headers(value: Record<string, string> | undefined): { headers?: Record<string, string> } {
  return value ? { headers: value } : {};
}
