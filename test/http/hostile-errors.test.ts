import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index.ts";
import { FaultyRequest } from "../support/faulty-request.ts";
import { BASE } from "../support/worker-fetch.ts";

const SECRET = "database at 10.0.0.7 rejected password hunter2";

describe("an exception while answering", () => {
  afterEach(() => vi.restoreAllMocks());

  it("gives a generic 500 naming a request id, and logs the error under the same id", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});

    const request = new FaultyRequest(`${BASE}/feed.xml`, SECRET);
    const response = await worker.fetch(request);

    expect(response.status).toBe(500);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const requestId = response.headers.get("x-request-id")!;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const body = await response.text();
    expect(body).toBe(`Internal server error (request id ${requestId})\n`);
    expect(log).toHaveBeenCalledTimes(1);
    // Answered once: the failure is not retried by sending the request through again.
    expect(request.faults).toBe(1);
    const [message, error] = log.mock.calls[0]!;
    expect(message).toContain(requestId);
    expect((error as Error).message).toBe(SECRET);
  });

  it("uses Cloudflare's Ray ID as the request id when the edge supplied one", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});

    const response = await worker.fetch(new FaultyRequest(`${BASE}/feed.xml`, "fault", { headers: { "cf-ray": "8c1f2a3b4c5d6e7f-NRT" } }));

    expect(response.headers.get("x-request-id")).toBe("8c1f2a3b4c5d6e7f-NRT");
    expect(String(log.mock.calls[0]![0])).toContain("8c1f2a3b4c5d6e7f-NRT");
  });

  it("does not echo a made-up Ray ID into the body or the log", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const forged = "<script>alert(1)</script> forged log line";

    const response = await worker.fetch(new FaultyRequest(`${BASE}/feed.xml`, "fault", { headers: { "cf-ray": forged } }));

    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain("forged");
    expect(String(log.mock.calls[0]![0])).not.toContain("forged");
  });
});
