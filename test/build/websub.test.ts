import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderDocuments } from "../../src/build/documents.ts";
import { feedManifest } from "../../src/build/websub.ts";
import { fixtureCorpus, frontMatter } from "../support/corpus.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const run = promisify(execFile);

interface Ping {
  contentType: string | undefined;
  mode: string | null;
  urls: string[];
}

/** A WebSub hub stand-in on the loopback interface: records each publish ping, answers 204 or what `answer` says. */
async function startHub(answer: (topic: string) => number = () => 204) {
  const pings: Ping[] = [];
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      const form = new URLSearchParams(body);
      pings.push({ contentType: request.headers["content-type"], mode: form.get("hub.mode"), urls: form.getAll("hub.url") });
      response.writeHead(request.method === "POST" ? answer(form.get("hub.url") ?? "") : 405).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, pings, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let work: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), "notify-hub-"));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Builds a corpus as `npm run content` would and writes its feed manifest where the script will read it. */
async function deploy(tags: string[][], hub: string | undefined, url = "https://news.example.org"): Promise<void> {
  const corpus = fixtureCorpus(
    tags.map((articleTags, n) => ({ frontMatter: frontMatter(n, { tags: articleTags }), body: `Body ${n}.` })),
    { url, ...(hub ? { hub } : {}) },
  );
  await writeFile(join(work, "manifest.json"), JSON.stringify(feedManifest(corpus, renderDocuments(corpus, { icon: "<svg/>" }))));
}

/** `npm run notify-hub`, as a separate process, against the manifest and state in the work folder. */
async function notifyHub(...args: string[]): Promise<{ code: number; output: string }> {
  const env = { ...process.env, FEED_MANIFEST: join(work, "manifest.json"), NOTIFY_HUB_STATE: join(work, "state.json") };
  try {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/notify-hub.ts", ...args], { cwd: ROOT, env });
    return { code: 0, output: stdout };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, output: failure.stdout + failure.stderr };
  }
}

const feeds = (base: string) => ["feed.xml", "atom.xml", "feed.json"].map((file) => `https://news.example.org${base}/${file}`);

// Each run starts Node and tsx (about a second here); the generous timeout only keeps a busy machine from failing them.
describe("npm run notify-hub", { timeout: 60_000 }, () => {
  it("pings the hub about every subscription feed, site and topics, when it has never told it anything", async () => {
    const hub = await startHub();
    try {
      await deploy([["Politics"], ["Politics", "Asia"]], hub.url);
      const { code } = await notifyHub();
      expect(code).toBe(0);
      expect(hub.pings.flatMap((ping) => ping.urls).sort()).toEqual([...feeds(""), ...feeds("/tags/asia"), ...feeds("/tags/politics")].sort());
      for (const ping of hub.pings) {
        expect(ping).toEqual({ contentType: "application/x-www-form-urlencoded", mode: "publish", urls: [expect.any(String)] });
      }
    } finally {
      await hub.close();
    }
  });

  it("after a new article, pings only the feeds whose bytes it changed", async () => {
    const hub = await startHub();
    try {
      await deploy([["Politics"], ["Asia"]], hub.url);
      await notifyHub();
      hub.pings.length = 0;
      await deploy([["Politics"], ["Asia"], ["Asia", "Weather"]], hub.url);
      expect((await notifyHub()).code).toBe(0);
      expect(hub.pings.flatMap((ping) => ping.urls).sort()).toEqual([...feeds(""), ...feeds("/tags/asia"), ...feeds("/tags/weather")].sort());
    } finally {
      await hub.close();
    }
  });

  it("sends nothing when no feed changed since the last notification", async () => {
    const hub = await startHub();
    try {
      await deploy([["Politics"]], hub.url);
      await notifyHub();
      hub.pings.length = 0;
      const { code, output } = await notifyHub();
      expect(code).toBe(0);
      expect(output).toMatch(/no feed changed/);
      expect(hub.pings).toEqual([]);
    } finally {
      await hub.close();
    }
  });

  it("exits non-zero when the hub refuses a ping, and retries only that feed on the next run", async () => {
    let refuse = true;
    const hub = await startHub((topic) => (refuse && topic.endsWith("/atom.xml") ? 503 : 204));
    try {
      await deploy([["Politics"]], hub.url);
      const first = await notifyHub();
      expect(first.code).toBe(1);
      expect(first.output).toMatch(/FAILED {2}https:\/\/news\.example\.org\/atom\.xml: 503/);
      refuse = false;
      hub.pings.length = 0;
      expect((await notifyHub()).code).toBe(0);
      expect(hub.pings.flatMap((ping) => ping.urls).sort()).toEqual(["https://news.example.org/atom.xml", "https://news.example.org/tags/politics/atom.xml"]);
    } finally {
      await hub.close();
    }
  });

  it("refuses to announce a local preview build (npm start) to the hub", async () => {
    const hub = await startHub();
    try {
      await deploy([["Politics"]], hub.url, "http://127.0.0.1:8787");
      const { code, output } = await notifyHub();
      expect(code).toBe(1);
      expect(output).toMatch(/local preview/);
      expect(hub.pings).toEqual([]);
    } finally {
      await hub.close();
    }
  });

  it("does nothing, successfully, when no hub is configured", async () => {
    await deploy([["Politics"]], undefined);
    const { code, output } = await notifyHub();
    expect(code).toBe(0);
    expect(output).toMatch(/no hub is configured/);
    await expect(readFile(join(work, "state.json"))).rejects.toThrow(/ENOENT/);
  });
});
