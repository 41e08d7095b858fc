import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { RESOURCES } from "../support/documents.ts";

describe("concurrent first requests", () => {
  it("Should give each of many separate requests in flight at once for every document its status 200 and every byte", async () => {
    // Separate incoming requests through the runtime, all in flight together. Sharing one
    // request's pending assembly with another got the waiting requests cancelled as hung under
    // `workerd serve` at 5,000 articles, but does not show in this pool with the seed's single
    // corpus chunk: test/store/byte-cache.test.ts pins the rule that prevents it (no shared
    // promises); this checks that concurrent first requests still each get every byte.
    const paths = [...RESOURCES.keys()];
    const requests = paths.flatMap((path) => Array.from({ length: 4 }, () => path));
    const answers = await Promise.all(
      requests.map(async (path) => {
        const response = await SELF.fetch(`https://edgefeed.test${encodeURI(path)}`);
        return { path, status: response.status, body: await response.text() };
      }),
    );
    for (const { path, status, body } of answers) {
      expect(status, path).toBe(200);
      expect(body === RESOURCES.get(path)!.body, path).toBe(true);
    }
  });
});
