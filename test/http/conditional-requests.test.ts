import { describe, expect, it } from "vitest";
import { rendered, request } from "./caching-support.ts";

const FEED = "/feed.xml";
const { etag: ETAG, lastModified: LAST_MODIFIED } = rendered(FEED);
const ATOM_ETAG = rendered("/atom.xml").etag;
const MODIFIED = Date.parse(LAST_MODIFIED);
const UNQUOTED = ETAG.slice(1, -1);

/** The same instant in the three HTTP-date forms a server must accept (RFC 9110 §5.6.7). */
const imfFixdate = (time: number) => new Date(time).toUTCString();
function rfc850(time: number): string {
  const date = new Date(time);
  const weekday = date.toLocaleDateString("en-US", { weekday: "long", timeZone: "UTC" });
  const [, day, month, year, clock] = imfFixdate(time).match(/^\w+, (\d\d) (\w+) \d\d(\d\d) (\S+) GMT$/)!;
  return `${weekday}, ${day}-${month}-${year} ${clock} GMT`;
}
function asctime(time: number): string {
  const [, weekday, day, month, year, clock] = imfFixdate(time).match(/^(\w+), (\d\d) (\w+) (\d{4}) (\S+) GMT$/)!;
  return `${weekday} ${month} ${day!.replace(/^0/, " ")} ${clock} ${year}`;
}

type Case = [name: string, headers: Record<string, string>, status: 200 | 304, method?: "GET" | "HEAD", path?: string];

// prettier-ignore
const CASES: Case[] = [
  ["no validators", {}, 200],
  ["If-None-Match with the current ETag", { "if-none-match": ETAG }, 304],
  ["If-None-Match with the ETag made weak (W/), as Cloudflare's compression does", { "if-none-match": `W/${ETAG}` }, 304],
  ["If-None-Match with another tag", { "if-none-match": '"not-this-one"' }, 200],
  ["If-None-Match with a weak other tag", { "if-none-match": 'W/"not-this-one"' }, 200],
  ["If-None-Match with the ETag of another document", { "if-none-match": ATOM_ETAG }, 200],
  ["If-None-Match list that ends with the ETag", { "if-none-match": `"old", ${ETAG}` }, 304],
  ["If-None-Match list with the ETag weak in the middle", { "if-none-match": `"a",W/${ETAG} ,"b"` }, 304],
  ["If-None-Match list without the ETag", { "if-none-match": '"a", W/"b"' }, 200],
  ["If-None-Match list with empty members", { "if-none-match": ` , ${ETAG},, ` }, 304],
  ["If-None-Match *", { "if-none-match": "*" }, 304],
  ["If-None-Match * with spaces around", { "if-none-match": "  *  " }, 304],
  ["malformed If-None-Match: the tag unquoted", { "if-none-match": UNQUOTED }, 200],
  ["malformed If-None-Match: lowercase w/", { "if-none-match": `w/${ETAG}` }, 200],
  ["malformed If-None-Match: * inside a list", { "if-none-match": `*, ${ETAG}` }, 200],
  ["malformed If-None-Match: junk after the tag", { "if-none-match": `${ETAG} junk` }, 200],
  ["malformed If-None-Match: a junk member after the tag", { "if-none-match": `${ETAG}, junk` }, 200],
  ["malformed If-None-Match: two tags without a comma", { "if-none-match": `${ETAG} "b"` }, 200],
  ["malformed If-None-Match: unterminated quote", { "if-none-match": `"${UNQUOTED}` }, 200],
  ["If-Modified-Since equal to Last-Modified", { "if-modified-since": LAST_MODIFIED }, 304],
  ["If-Modified-Since after Last-Modified", { "if-modified-since": imfFixdate(MODIFIED + 1000) }, 304],
  ["If-Modified-Since before Last-Modified", { "if-modified-since": imfFixdate(MODIFIED - 1000) }, 200],
  ["If-Modified-Since in the obsolete RFC 850 form", { "if-modified-since": rfc850(MODIFIED) }, 304],
  ["If-Modified-Since in the obsolete asctime form", { "if-modified-since": asctime(MODIFIED) }, 304],
  ["If-Modified-Since in the future is ignored", { "if-modified-since": "Fri, 01 Jan 2100 00:00:00 GMT" }, 200],
  ["malformed If-Modified-Since is ignored", { "if-modified-since": "yesterday" }, 200],
  ["If-Modified-Since as ISO 8601 (not an HTTP-date) is ignored", { "if-modified-since": new Date(MODIFIED).toISOString() }, 200],
  ["If-Modified-Since with two dates is ignored", { "if-modified-since": `${LAST_MODIFIED}, ${LAST_MODIFIED}` }, 200],
  ["If-Modified-Since with an impossible date is ignored", { "if-modified-since": "Sun, 32 Nov 2026 00:00:00 GMT" }, 200],
  ["a matching ETag wins over an older If-Modified-Since", { "if-none-match": ETAG, "if-modified-since": imfFixdate(MODIFIED - 1000) }, 304],
  ["a different ETag wins over a matching If-Modified-Since", { "if-none-match": '"old"', "if-modified-since": LAST_MODIFIED }, 200],
  ["a malformed If-None-Match still stops If-Modified-Since", { "if-none-match": UNQUOTED, "if-modified-since": LAST_MODIFIED }, 200],
  ["an empty If-None-Match counts as absent", { "if-none-match": "", "if-modified-since": LAST_MODIFIED }, 304],
  ["HEAD without validators", {}, 200, "HEAD"],
  ["HEAD with the current ETag", { "if-none-match": ETAG }, 304, "HEAD"],
  ["HEAD with a matching If-Modified-Since", { "if-modified-since": LAST_MODIFIED }, 304, "HEAD"],
  ["HEAD with another tag", { "if-none-match": '"old"' }, 200, "HEAD"],
  ["a query string does not change the ETag", { "if-none-match": ETAG }, 304, "GET", `${FEED}?utm_source=x&utm_medium=rss`],
  ["another document's own ETag", { "if-none-match": ATOM_ETAG }, 304, "GET", "/atom.xml"],
];

describe("conditional requests (RFC 9110 §13)", () => {
  const table = CASES.map(([name, headers, status, method = "GET", path = FEED]) => ({ name, headers, status, method, path }));
  it.each(table)("$name → $status", async ({ headers, status, method, path }) => {
    const response = await request(path, { method, headers });
    expect(response.status).toBe(status);
    const body = await response.text();
    if (status === 304 || method === "HEAD") expect(body).toBe("");
    else expect(body.length).toBeGreaterThan(100);
    expect(response.headers.get("etag")).toBe(rendered(path.split("?")[0]!).etag);
    if (status === 304) expect(response.headers.get("content-type")).toBeNull();
  });

  it("matches If-None-Match sent as several header lines", async () => {
    const headers = new Headers();
    headers.append("if-none-match", '"old"');
    headers.append("if-none-match", ETAG);
    expect((await request(FEED, { headers })).status).toBe(304);
  });
});
