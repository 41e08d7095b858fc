import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BASE, fetchPath } from "../support/worker-fetch.ts";

const PAGE = "/articles/harbour-reopens";

/** The static assets as Cloudflare serves them (vitest.config.ts gives this project the binding). */
const fetchAsset = (path: string, init?: RequestInit) => (env as unknown as { ASSETS: Fetcher }).ASSETS.fetch(`${BASE}${path}`, init);

/** Every picture URL a document names (src and srcset), as paths on the site. */
function mediaPaths(document: string): string[] {
  const urls = [...document.matchAll(/\s(?:src|srcset)="([^"]+)"/g)].flatMap(([, value]) => value!.split(",").map((c) => c.trim().split(/\s+/)[0]!));
  return [...new Set(urls.filter((url) => url.includes("/media/")).map((url) => new URL(url).pathname))].sort();
}

describe("photos, served as static assets", () => {
  it("serves every photo the article page names: 200, its image type, the immutable cache policy", async () => {
    const paths = mediaPaths(await (await fetchPath(PAGE)).text());
    // The lead at 3 widths in JPEG and WebP, the PNG figure at 2 widths in PNG and WebP, the WebP figure at 2.
    expect(paths.length).toBe(12);
    for (const path of paths) {
      const response = await fetchAsset(path);
      expect(response.status, path).toBe(200);
      const extension = path.split(".").at(-1)!;
      expect(response.headers.get("content-type"), path).toBe({ jpg: "image/jpeg", png: "image/png", webp: "image/webp" }[extension]);
      expect(response.headers.get("cache-control"), path).toBe("public, max-age=31536000, immutable");
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect((await response.arrayBuffer()).byteLength, path).toBeGreaterThan(100);
    }
  });

  it("answers a conditional request for a photo with 304", async () => {
    const [path] = mediaPaths(await (await fetchPath(PAGE)).text());
    const etag = (await fetchAsset(path!)).headers.get("etag");
    expect(etag).toBeTruthy();
    expect((await fetchAsset(path!, { headers: { "if-none-match": etag! } })).status).toBe(304);
  });

  it("holds no photo in the Worker: a photo path that reaches it gets its 404", async () => {
    const [path] = mediaPaths(await (await fetchPath(PAGE)).text());
    const response = await fetchPath(path!);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-security-policy")).toBeTruthy();
  });
});
