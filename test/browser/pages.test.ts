import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type Browser, type BrowserContextOptions, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findChromium } from "../support/chromium.ts";
import { startDevServer, type DevServer } from "./dev-server.ts";

// The callbacks given to page.evaluate run in the browser. The test program has no DOM types
// (adding the DOM lib would clash with the Workers types of the other tests), so this module
// declares, for itself only, the little of the DOM those callbacks use.
interface BrowserElement {
  textContent: string | null;
  hidden: boolean;
  offsetParent: unknown;
  getBoundingClientRect(): { width: number; top: number };
}
declare const document: {
  documentElement: { scrollWidth: number };
  body: BrowserElement;
  querySelector(selector: string): BrowserElement | null;
  querySelectorAll(selector: string): ArrayLike<BrowserElement>;
};
declare const window: { innerWidth: number; innerHeight: number };
declare const navigator: { clipboard: { readText(): Promise<string> } };
declare function getComputedStyle(element: BrowserElement): { fontSize: string; visibility: string };

/**
 * Screenshots go to a temporary folder, so a test run leaves the checkout as it was; `npm run
 * screenshots` (scripts/screenshots.ts) sets EDGEFEED_SCREENSHOTS to docs/ and EDGEFEED_PORT to a
 * fixed port, so the committed pictures change only when the pages do.
 */
const SCREENSHOTS = process.env["EDGEFEED_SCREENSHOTS"];
const FIXED_PORT = process.env["EDGEFEED_PORT"] ? Number(process.env["EDGEFEED_PORT"]) : undefined;
const VIEWPORTS = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 900 } },
} satisfies Record<string, BrowserContextOptions>;
type ViewportName = keyof typeof VIEWPORTS;

/** The AMP runtime and its extensions come from the AMP CDN, which this offline machine cannot reach. */
const isAmpRuntime = (url: string) => url.startsWith("https://cdn.ampproject.org/");

let server: DevServer;
let browser: Browser;
let articleUrl: string;
let screenshots: string;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: findChromium() });
  server = await startDevServer(undefined, FIXED_PORT);
  screenshots = SCREENSHOTS ? resolve(SCREENSHOTS) : await mkdtemp(join(tmpdir(), "edgefeed-screenshots-"));
  await mkdir(screenshots, { recursive: true });
  const index = await (await fetch(`${server.url}/`)).text();
  articleUrl = /<h3><a href="([^"]+)">/.exec(index)?.[1] ?? "";
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (!SCREENSHOTS && screenshots) await rm(screenshots, { recursive: true, force: true });
});

interface Visit {
  page: Page;
  /** Every request that failed or answered 4xx/5xx, and every script error, except the allowed ones. */
  problems: string[];
  close(): Promise<void>;
}

/**
 * Opens `url` in a fresh context at a named viewport. The page may only talk to our server: any
 * other request is aborted (there is no network here), and so counts as a failure unless allowed.
 */
async function visit(url: string, viewport: ViewportName, options: { javaScript?: boolean; allowFailure?: (url: string) => boolean } = {}): Promise<Visit> {
  const allowed = options.allowFailure ?? (() => false);
  const context = await browser.newContext({ ...VIEWPORTS[viewport], javaScriptEnabled: options.javaScript ?? true });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
  const page = await context.newPage();
  const problems: string[] = [];
  await page.route(
    (target) => target.origin !== server.url,
    (route) => route.abort("internetdisconnected"),
  );
  page.on("requestfailed", (request) => {
    if (!allowed(request.url())) problems.push(`failed: ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400 && !allowed(response.url())) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on("pageerror", (error) => problems.push(`script error: ${error.message}`));
  page.on("console", (message) => {
    const source = message.location().url;
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource") && !allowed(source)) {
      problems.push(`console error: ${message.text()} (${source})`);
    }
  });
  const response = await page.goto(url, { waitUntil: "load" });
  expect(response?.status(), url).toBe(200);
  return { page, problems, close: () => context.close() };
}

/** What a reader on this viewport would fight with: sideways scrolling, tiny text, a hidden headline. */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > window.innerWidth) problems.push(`scrolls sideways: ${root.scrollWidth}px content in ${window.innerWidth}px`);
    const longest = Array.from(document.querySelectorAll("p")).sort((a, b) => b.textContent!.length - a.textContent!.length)[0];
    const size = parseFloat(getComputedStyle(longest ?? document.body).fontSize);
    if (size < 16) problems.push(`body text is ${size}px`);
    const h1 = document.querySelector("h1")?.getBoundingClientRect();
    if (!h1 || h1.width === 0 || h1.top > window.innerHeight) problems.push("no headline in the first screen");
    return problems;
  });
}

describe.each(Object.keys(VIEWPORTS) as ViewportName[])("in Chromium at %s width", (viewport) => {
  it("the index loads everything, reads without sideways scrolling, and copies a feed URL", async () => {
    const { page, problems, close } = await visit(`${server.url}/`, viewport);
    try {
      expect(problems).toEqual([]);
      expect(await layoutProblems(page)).toEqual([]);
      const buttons = page.locator("#subscribe button.copy");
      await expect.poll(() => buttons.evaluateAll((all) => all.filter((b) => !(b as BrowserElement).hidden).length)).toBe(3);
      await page.screenshot({ path: join(screenshots, `index-${viewport}.png`), fullPage: viewport === "desktop" });
      await buttons.first().click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${server.url}/feed.xml`);
      await expect.poll(() => buttons.first().textContent()).toBe("Copied");
    } finally {
      await close();
    }
  });

  it("the index works without JavaScript: feed URLs shown as links, no dead copy buttons", async () => {
    const { page, problems, close } = await visit(`${server.url}/`, viewport, { javaScript: false });
    try {
      expect(problems).toEqual([]);
      expect(await page.locator("#subscribe a.feed-url").allTextContents()).toEqual([
        `${server.url}/feed.xml`,
        `${server.url}/atom.xml`,
        `${server.url}/feed.json`,
      ]);
      expect(await page.locator("#subscribe button.copy").evaluateAll((all) => all.map((b) => (b as BrowserElement).offsetParent === null))).toEqual([true, true, true]);
    } finally {
      await close();
    }
  });

  it("the article page loads everything and reads without sideways scrolling", async () => {
    expect(articleUrl).toMatch(/\/articles\/[a-z0-9-]+$/);
    const { page, problems, close } = await visit(articleUrl, viewport);
    try {
      expect(problems).toEqual([]);
      expect(await layoutProblems(page)).toEqual([]);
      expect(await page.locator("article .byline").textContent()).toMatch(/^By /);
      expect(await page.locator("aside.subscribe a").count()).toBeGreaterThanOrEqual(3);
      await page.screenshot({ path: join(screenshots, `article-${viewport}.png`) });
    } finally {
      await close();
    }
  });

  it("the AMP page loads everything but the AMP runtime, which is offline here", async (context) => {
    const amp = await ampUrl();
    if (!amp) return context.skip("the article page has no <link rel=amphtml> yet");
    const { page, problems, close } = await visit(amp, viewport, { allowFailure: isAmpRuntime });
    try {
      expect(problems).toEqual([]);
      // AMP's boilerplate hides the body until the runtime starts, or for 8 s without it.
      await page.waitForFunction(() => getComputedStyle(document.body).visibility === "visible", undefined, { timeout: 15_000 });
      expect(await layoutProblems(page)).toEqual([]);
      await page.screenshot({ path: join(screenshots, `amp-${viewport}.png`) });
    } finally {
      await close();
    }
  });
});

async function ampUrl(): Promise<string | undefined> {
  const page = await (await fetch(articleUrl)).text();
  return /<link rel="amphtml" href="([^"]+)">/.exec(page)?.[1];
}
