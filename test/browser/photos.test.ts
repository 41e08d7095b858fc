import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContextOptions, type Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findChromium } from "../support/chromium.ts";
import { buildPhotoSite, LEAD, photoSite, SLUG } from "../support/photo-site.ts";
import { startDevServer, type DevServer } from "./dev-server.ts";

// The callbacks given to page.evaluate run in the browser; this module declares, for itself only,
// the little of the DOM they use (the test program has no DOM lib, see pages.test.ts).
interface BrowserImage {
  complete: boolean;
  naturalWidth: number;
  currentSrc: string;
  getBoundingClientRect(): { width: number; height: number; top: number };
}
declare const document: { querySelector(selector: string): BrowserImage | null };
declare const PerformanceObserver: {
  new (callback: (list: { getEntries(): { value: number; hadRecentInput: boolean }[] }) => void): { observe(options: { type: string; buffered: boolean }): void };
};

const VIEWPORTS = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 },
  desktop: { viewport: { width: 1280, height: 900 } },
} satisfies Record<string, BrowserContextOptions>;

const site = photoSite(mkdtempSync(join(tmpdir(), "edgefeed-photo-browser-")));
let server: DevServer;
let browser: Browser;

beforeAll(async () => {
  await buildPhotoSite(site);
  server = await startDevServer(site.contentDir);
  browser = await chromium.launch({ executablePath: findChromium() });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(site.dir, { recursive: true, force: true });
});

/** Every /media/ path an HTML document names, in src or srcset. */
function mediaPaths(document: string, origin: string): string[] {
  const urls = [...document.matchAll(/\s(?:src|srcset)="([^"]+)"/g)].flatMap(([, value]) => value!.split(",").map((c) => c.trim().split(/\s+/)[0]!));
  return [...new Set(urls.filter((url) => url.startsWith(`${origin}/media/`)).map((url) => new URL(url).pathname))];
}

describe("photos on npm start (wrangler dev, [assets] in front of the Worker)", () => {
  it("serves every photo the page names with its image type and the immutable policy; a missing one reaches the Worker's 404", async () => {
    const page = await (await fetch(`${server.url}/articles/${SLUG}`)).text();
    const paths = mediaPaths(page, server.url);
    expect(paths.length).toBe(12);
    for (const path of paths) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type"), path).toMatch(/^image\/(jpeg|png|webp)$/);
      expect(response.headers.get("cache-control"), path).toBe("public, max-age=31536000, immutable");
      await response.arrayBuffer();
    }
    for (const path of [paths[0]!.replace(/-[0-9a-f]{12}\./, "-000000000000."), "/media/"]) {
      const missing = await fetch(`${server.url}${path}`);
      expect(missing.status, path).toBe(404);
      // The Worker's 404 carries its security policy; an asset response has none.
      expect(missing.headers.get("content-security-policy"), path).toBeTruthy();
      await missing.arrayBuffer();
    }
  });

  describe.each(Object.keys(VIEWPORTS) as (keyof typeof VIEWPORTS)[])("in Chromium at %s width", (viewport) => {
    it("reserves the lead photo's space before it loads, then shows it (WebP) with no layout shift", async () => {
      const context = await browser.newContext(VIEWPORTS[viewport]);
      try {
        const page = await context.newPage();
        await page.route((url) => url.origin !== server.url, (route) => route.abort("internetdisconnected"));
        // Hold every photo until the page has been measured without it.
        const held: Route[] = [];
        let holding = true;
        await page.route(
          (url) => url.pathname.startsWith("/media/"),
          (route) => (holding ? held.push(route) : route.continue()),
        );
        await page.goto(`${server.url}/articles/${SLUG}`, { waitUntil: "domcontentloaded" });
        await page.evaluate(() => {
          (globalThis as { shifts?: number }).shifts = 0;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) if (!entry.hadRecentInput) (globalThis as { shifts?: number }).shifts! += entry.value;
          }).observe({ type: "layout-shift", buffered: true });
        });
        const lead = () =>
          page.evaluate(() => {
            const img = document.querySelector("figure.lead img")!;
            const box = img.getBoundingClientRect();
            return { width: box.width, height: box.height, top: box.top, loaded: img.complete && img.naturalWidth > 0, src: img.currentSrc };
          });
        const before = await lead();
        expect(before.loaded).toBe(false);
        expect(before.width).toBeGreaterThan(viewport === "phone" ? 300 : 600);
        expect(before.height).toBeCloseTo((before.width * LEAD.height) / LEAD.width, 0);

        holding = false;
        for (const route of held) await route.continue();
        await page.waitForFunction(() => {
          const img = document.querySelector("figure.lead img");
          return img !== null && img.complete && img.naturalWidth > 0;
        });
        const after = await lead();
        expect({ width: after.width, height: after.height, top: after.top }).toEqual({ width: before.width, height: before.height, top: before.top });
        expect(after.src).toMatch(new RegExp(`^${server.url}/media/lead-\\d+-[0-9a-f]{12}\\.webp$`));
        expect(await page.evaluate(() => (globalThis as { shifts?: number }).shifts)).toBe(0);
      } finally {
        await context.close();
      }
    });
  });
});
