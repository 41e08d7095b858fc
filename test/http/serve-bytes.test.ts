import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DOCUMENTS } from "../support/documents.ts";

const BASE = "https://edgefeed.test";
const fetchPath = (path: string, init?: RequestInit) => exports.default.fetch(new Request(`${BASE}${path}`, init));

describe("bodies served as bytes", () => {
  it.each([...DOCUMENTS.keys()])("serves %s as the UTF-8 of its rendered body, identical on every request", async (path) => {
    const expected = new TextEncoder().encode(DOCUMENTS.get(path)!.body);
    for (const method of ["GET", "HEAD", "GET", "GET"]) {
      const response = await fetchPath(path, { method });
      expect(response.status).toBe(200);
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (method === "HEAD") {
        expect(bytes.length).toBe(0);
        continue;
      }
      expect(bytes).toEqual(expected);
    }
  });
});
