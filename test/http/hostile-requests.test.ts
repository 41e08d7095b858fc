import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DOCUMENTS } from "../support/documents.ts";
import worker from "../../src/index.ts";
import { PATHS } from "../../src/paths.ts";
import { BASE } from "../support/worker-fetch.ts";

/**
 * Whatever a crawler, scanner or broken client sends, the Worker answers with a status that means
 * what it says, never a 5xx, and never says anything about its insides. Together these properties
 * send 10,000 generated requests per run (fast-check prints the seed of any failure to replay it).
 *
 * They call the Worker's default export in-process: `exports.default` from cloudflare:workers
 * goes through a loopback that costs about 8 ms a request in the test pool (30 times the app),
 * more with long headers; routes.test.ts covers that path.
 */

/** Every rendered document, and /feed, which serves one of the feeds by Accept. */
const KNOWN_PATHS = [...DOCUMENTS.keys(), PATHS.negotiatedFeed];
const BY_ETAG = new Map([...DOCUMENTS.values()].map((resource) => [resource.etag, resource]));

describe("hostile requests", () => {
  it("to any path, with any method and headers, get a meaningful status and leak nothing", async () => {
    await fc.assert(
      fc.asyncProperty(hostilePath, method, hostileHeaders, async (path, method, headers) => {
        const request = new Request(`${BASE}${path}`, { method, headers, redirect: "manual" });
        await expectSafeAnswer(request, await worker.fetch(request), headers);
      }),
      { numRuns: 6000 },
    );
  }, 120_000);

  it("to a served path, with any validators and Accept, get its bytes or a 304", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...KNOWN_PATHS), fc.constantFrom("GET", "HEAD"), hostileHeaders, async (path, method, headers) => {
        const request = new Request(`${BASE}${path}`, { method, headers });
        const response = await worker.fetch(request);
        await expectSafeAnswer(request, response, headers);
        // Content negotiation may one day answer 406, but a served path is never missing.
        expect([200, 304, 406]).toContain(response.status);
      }),
      { numRuns: 4000 },
    );
  }, 120_000);
});

/** What must hold for every answer, whatever was asked. */
async function expectSafeAnswer(request: Request, response: Response, headers: Record<string, string>): Promise<void> {
  const { method } = request;
  const body = await response.text();
  const context = `${method} ${request.url} -> ${response.status}`;
  expect(response.status, context).toBeLessThan(500);
  expect(response.headers.get("x-content-type-options"), context).toBe("nosniff");
  expect(response.headers.get("set-cookie"), context).toBeNull();
  const readOnly = method === "GET" || method === "HEAD";
  switch (response.status) {
    case 200: {
      if (!readOnly) break; // OPTIONS (CORS preflight) may answer 200 with an empty body
      const resource = BY_ETAG.get(response.headers.get("etag") ?? "");
      expect(resource, context).toBeDefined();
      expect(body, context).toBe(method === "HEAD" ? "" : resource!.body);
      break;
    }
    case 304:
      expect(readOnly, context).toBe(true);
      expect(headers["if-none-match"] ?? headers["if-modified-since"], context).toBeDefined();
      expect(BY_ETAG.has(response.headers.get("etag") ?? ""), context).toBe(true);
      expect(body).toBe("");
      break;
    case 301: {
      expect(readOnly, context).toBe(true);
      const location = new URL(response.headers.get("location")!, BASE);
      expect(location.origin, context).toBe(BASE);
      expect(KNOWN_PATHS, context).toContain(location.pathname);
      break;
    }
    case 204:
    case 405:
      expect(readOnly && response.status === 204, context).toBe(false);
      expectNoInternals(body, context);
      break;
    case 400:
    case 404:
    case 406:
      expectNoInternals(body, context);
      break;
    default:
      expect.fail(`unexpected status: ${context}`);
  }
}

/** Error answers are short and generic: no stack frame, source path, exception name or echo of the request. */
function expectNoInternals(body: string, context: string): void {
  expect(body.length, context).toBeLessThan(300);
  expect(body, context).not.toMatch(/Error\b|\bat \S+ \(|\.ts\b|\.js\b|node_modules|hono|workerd|undefined|<script/i);
}

// --- Generators -------------------------------------------------------------------------------

/** Path pieces scanners and broken clients send: traversal, encodings (valid and not), separators. */
const NASTY_SEGMENT = fc.constantFrom(
  "..", ".", "%2e%2e", "%2E%2e", "%2e", "%252e%252e", "..%2f", "%2f", "%2F", "%5c", "\\", "..\\", "%00", "\u0000",
  "%", "%z", "%zz", "%e0%a4", "%c0%af", "%ff", "%E2%82", "~", "é", "e\u0301", "日本語", "😀", "\u202e", "\ufeff",
  "index.html", "index.htm", "INDEX.HTML", "feed", "feed.xml", "FEED.XML", "atom.xml", "feed.json", "icon.svg", "articles",
  "amp", "AMP", "", " ", "%20", "+", "'", '"', "<script>alert(1)</script>", "${7*7}", "{{7*7}}", ";", ",", "*",
  "%3f", "%23", "?x=1", "#frag", "wp-admin", ".env", ".git", "etc", "passwd", "cgi-bin",
);

const segment = fc.oneof(
  { weight: 3, arbitrary: NASTY_SEGMENT },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 8 }) },
);

/** A served path changed the way people and robots change URLs. */
const variantOfKnownPath = fc
  .tuple(
    fc.constantFrom(...KNOWN_PATHS),
    fc.constantFrom(
      (p: string) => `${p}/`,
      (p: string) => `${p}//`,
      (p: string) => `${p}/index.html`,
      (p: string) => p.toUpperCase(),
      (p: string) => p.replace(/^\/(.)/, (_, c: string) => `/${c.toUpperCase()}`),
      (p: string) => `/${p}`,
      (p: string) => `//${p}/`,
      (p: string) => p.replaceAll("/", "\\"),
      (p: string) => `/${p.slice(1).replaceAll("/", "%2f")}`,
      (p: string) => p.replace(/[a-z]/, (c) => `%${c.charCodeAt(0).toString(16)}`),
      (p: string) => `/articles/%2e%2e${p}`,
      (p: string) => `/a/b/../..${p}`,
      (p: string) => `${p}%00`,
      (p: string) => `${p}%`,
      (p: string) => `${p};jsessionid=1`,
      (p: string) => `${p}?${"q=1&".repeat(200)}`,
    ),
  )
  .map(([path, change]) => change(path));

const overlongPath = fc
  .tuple(fc.integer({ min: 1_000, max: 16_000 }), fc.constantFrom("a", "/", "%2e%2e/", "../", "é", "%"))
  .map(([length, unit]) => `/${unit.repeat(Math.ceil(length / unit.length))}`);

const hostilePath = fc.oneof(
  { weight: 4, arbitrary: fc.array(segment, { minLength: 1, maxLength: 6 }).map((segments) => `/${segments.join("/")}`) },
  { weight: 3, arbitrary: variantOfKnownPath },
  { weight: 1, arbitrary: overlongPath },
);

/**
 * Standard methods in any case, and the WebDAV and other methods workerd knows; it refuses any
 * other token (and CONNECT, TRACE, TRACK) before a Worker runs.
 */
const method = fc.constantFrom(
  "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "get", "Head", "post", "PURGE", "COPY", "LOCK", "MKCOL",
  "MOVE", "PROPFIND", "PROPPATCH", "SEARCH", "UNLOCK", "ACL", "REPORT", "MKACTIVITY", "CHECKOUT", "MERGE", "NOTIFY",
  "SUBSCRIBE", "UNSUBSCRIBE",
);

/**
 * A header value a client can send: visible ASCII, spaces and tabs; sometimes very long. (Bytes
 * above 0x7f would work too, but workerd logs a warning for each.)
 */
const headerText = fc.oneof(
  fc.string({ unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.constant(0x09)).map((c) => String.fromCharCode(c)), maxLength: 40 }),
  fc.tuple(fc.constantFrom('"', "W/", ",", "a", "*", " ", ";q="), fc.integer({ min: 1_000, max: 12_000 })).map(([unit, n]) => unit.repeat(n)),
);

const someEtag = fc.constantFrom(...BY_ETAG.keys());

const ifNoneMatch = fc.oneof(
  someEtag,
  someEtag.map((etag) => `W/${etag}`),
  someEtag.map((etag) => `"nope", ${etag}`),
  someEtag.map((etag) => etag.slice(0, -1)),
  fc.constantFrom("*", "", ",", '"', 'W/"', "W/", '"a" "b"', "*, *", '""', "null"),
  headerText,
);

const ifModifiedSince = fc.oneof(
  fc.date({ min: new Date("1900-01-01"), max: new Date("2200-01-01"), noInvalidDate: true }).map((d) => d.toUTCString()),
  fc.constantFrom(
    "Sun, 30 Feb 2025 00:00:00 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "0", "-1", "yesterday",
    "Thu, 01 Jan 1970 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "2025-01-01T00:00:00Z", "Mon, 99 Foo 2025 99:99:99 GMT",
  ),
  headerText,
);

const accept = fc.oneof(
  fc.constantFrom(
    "*/*", "application/rss+xml", "application/atom+xml;q=0.9, */*;q=0.1", "application/feed+json", "text/html;q=abc",
    "*/*;q=0", ";;;", "/", "text/", "application/*, */*, *", "application/rss+xml;q=1.5", "",
  ),
  headerText,
);

const hostileHeaders = fc.record(
  {
    "if-none-match": ifNoneMatch,
    "if-modified-since": ifModifiedSince,
    accept,
    "accept-encoding": fc.constantFrom("gzip", "br, gzip;q=0", "identity;q=0, *;q=0", "x"),
    range: fc.constantFrom("bytes=0-0", "bytes=-1", "bytes=9999999-", "bytes=a-b", "pages=1"),
    cookie: headerText,
    origin: fc.constantFrom("https://evil.example", "null", "file://"),
    "cf-ray": headerText,
  },
  { requiredKeys: [] },
);
