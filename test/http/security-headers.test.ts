import { describe, expect, it, vi } from "vitest";
import { DOCUMENTS } from "../support/documents.ts";
import worker from "../../src/index.ts";
import { PATHS } from "../../src/paths.ts";
import { FaultyRequest } from "../support/faulty-request.ts";
import { BASE, fetchPath } from "../support/worker-fetch.ts";

const ARTICLE = [...DOCUMENTS.keys()].find((path) => /^\/articles\/[^/]+$/.test(path))!;

function expectCommonSecurityHeaders(response: Response): void {
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  expect(response.headers.get("x-frame-options")).toBe("DENY");
  expect(response.headers.get("permissions-policy")).toMatch(/camera=\(\)/);
  expect(response.headers.get("set-cookie")).toBeNull();
}

/** The directives of a Content-Security-Policy, by name. */
function directives(response: Response): Map<string, string[]> {
  const policy = response.headers.get("content-security-policy") ?? "";
  return new Map(
    policy
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

/** The sources that may run script: script-src, or default-src when it is absent (CSP3 §6.1.1). */
function scriptSources(response: Response): string[] {
  const policy = directives(response);
  return policy.get("script-src") ?? policy.get("default-src") ?? ["*"];
}

describe("security headers", () => {
  it.each([
    ["a page (200)", ARTICLE, {}],
    ["the index (200)", "/", {}],
    ["a feed (200)", "/feed.xml", {}],
    ["the icon (200)", "/icon.svg", {}],
    ["a HEAD", "/atom.xml", { method: "HEAD" }],
    ["an unknown path (404)", "/no/such/page", {}],
    ["another method (404 or 405)", "/feed.xml", { method: "DELETE" }],
    ["an alias (301)", "/feed.xml/", {}],
    ["a preflight (204)", "/feed.xml", { method: "OPTIONS" }],
  ] as const)("are on %s", async (_, path, init) => {
    expectCommonSecurityHeaders(await fetchPath(path, init));
  });

  it("are on a 304, which carries no Content-Security-Policy of its own so the cached page's stays", async () => {
    const etag = (await fetchPath(ARTICLE)).headers.get("etag")!;
    const response = await fetchPath(ARTICLE, { headers: { "if-none-match": etag } });
    expect(response.status).toBe(304);
    expectCommonSecurityHeaders(response);
    expect(response.headers.get("content-security-policy")).toBeNull();
  });

  it("are on a 500", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await worker.fetch(new FaultyRequest(`${BASE}/feed.xml`, "fault"));
    vi.restoreAllMocks();
    expect(response.status).toBe(500);
    expectCommonSecurityHeaders(response);
  });

  it.each(["/", ARTICLE])("let the HTML page %s run only the site's own script files, never inline script, and forbid framing", async (path) => {
    const response = await fetchPath(path);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(scriptSources(response)).toEqual(["'self'"]);
    expect(directives(response).get("frame-ancestors")).toEqual(["'none'"]);
    expect(directives(response).get("base-uri")).toEqual(["'none'"]);
  });

  it("let inline styles through on pages (the page's one <style>) but never inline script", async () => {
    const policy = directives(await fetchPath(ARTICLE));
    expect(policy.get("style-src")).toEqual(["'unsafe-inline'"]);
    expect(scriptSources(await fetchPath(ARTICLE))).not.toContain("'unsafe-inline'");
  });

  it("let the AMP page load the AMP runtime from cdn.ampproject.org and nothing else", async () => {
    const ampPage = await fetchPath(`${ARTICLE}/amp`);
    expect(ampPage.status).toBe(200);
    expect(await ampPage.text()).toContain('<script async src="https://cdn.ampproject.org/v0.js"></script>');
    expect(scriptSources(ampPage)).toEqual(["https://cdn.ampproject.org"]);
    expect(directives(ampPage).get("style-src")).toEqual(["'unsafe-inline'"]);
    expect(directives(ampPage).get("frame-ancestors")).toEqual(["'none'"]);
  });

  it.each(["/feed.xml", "/feed.json", "/icon.svg"])("sandbox %s, which runs nothing when opened directly", async (path) => {
    const response = await fetchPath(path);
    expect(scriptSources(response)).toEqual(["'none'"]);
    expect(directives(response).has("sandbox")).toBe(true);
  });
});
