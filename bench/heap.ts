import WebSocket from "ws";
import { get, startWorkerd, url } from "./workerd.ts";

/** One reading of the isolate's memory after a full garbage collection (Runtime.getHeapUsage), in MiB. */
export interface HeapUsage {
  /** V8's JavaScript heap in use: objects, strings, compiled code (`usedSize`). */
  usedMiB: number;
  /** workerd's own objects kept in the isolate's C++ (cppgc) heap (`embedderHeapUsedSize`). */
  embedderMiB: number;
  /** Memory outside the heap that the isolate reports to V8, such as ArrayBuffer contents (`backingStorageSize`). */
  externalMiB: number;
  /** The three together: the isolate's memory, what Cloudflare's 128 MiB per isolate is about. */
  totalMiB: number;
}

export interface HeapResult {
  /** After start-up: the first request answered. */
  afterStart: HeapUsage;
  /** After one GET of every document the build generated, in `documents` requests. */
  afterEveryDocument: HeapUsage;
  documents: number;
  /** After `load` (when given), which ran `seconds` and sent `requests` requests. */
  afterLoad?: HeapUsage & { seconds: number; requests: number };
}

export interface HeapOptions {
  port: number;
  inspectorPort: number;
  cpu: number | undefined;
  /** The Worker's service name in the config: workerd names its inspector target after it. */
  worker: string;
  /** Requested first (start-up), and again to wake the isolate while it collects garbage. */
  firstPath: string;
  /** Every document path, each requested once and answered 200. */
  paths: readonly string[];
  /** Load to apply after every document was requested once; resolves to what it did. */
  load?: (baseUrl: string, pid: number) => Promise<{ seconds: number; requests: number }>;
}

/**
 * The Worker's isolate memory at three points, read over the DevTools protocol from a workerd
 * of its own started with --inspector-addr: after start-up, after every document was requested
 * once, and after `load`. Never the process that timed runs measure: an inspector may slow the
 * isolate. The inspector is attached only while reading, and each reading follows a full
 * garbage collection, so it is what the isolate keeps, not what it has yet to collect.
 */
export async function measureHeap(config: string, options: HeapOptions): Promise<HeapResult> {
  const { port, inspectorPort, worker, firstPath } = options;
  const server = await startWorkerd(config, port, options.cpu, [`--inspector-addr=127.0.0.1:${inspectorPort}`]);
  const poke = () => expectStatus(url(port, firstPath), 200);
  const read = () => heapUsageAfterCollection(inspectorPort, worker, poke);
  try {
    await poke();
    const afterStart = await read();
    await requestEach(port, options.paths, 4);
    const afterEveryDocument = await read();
    const result: HeapResult = { afterStart, afterEveryDocument, documents: options.paths.length };
    if (options.load) {
      const load = await options.load(url(port, "/"), server.pid);
      result.afterLoad = { ...(await read()), ...load };
    }
    return result;
  } finally {
    await server.stop();
  }
}

/**
 * HeapProfiler.collectGarbage, then Runtime.getHeapUsage. workerd runs the collection as a task on
 * the isolate's thread, which it takes up only to serve a request: with no request the answer
 * never comes. So requests are sent (`poke`, a document already served, whose encoded bytes are
 * cached: a few hundred bytes of garbage) until it does.
 */
async function heapUsageAfterCollection(inspectorPort: number, worker: string, poke: () => Promise<void>): Promise<HeapUsage> {
  const session = await DevToolsSession.open(inspectorPort, worker);
  try {
    const collected = session.send("HeapProfiler.collectGarbage");
    const deadline = performance.now() + 30_000;
    while (!(await settlesWithin(collected, 20))) {
      if (performance.now() > deadline) throw new Error("HeapProfiler.collectGarbage got no answer within 30 s");
      await poke();
    }
    const usage = (await session.send("Runtime.getHeapUsage")) as { usedSize: number; embedderHeapUsedSize?: number; backingStorageSize?: number };
    const mib = (bytes = 0) => bytes / 1024 / 1024;
    const heap = { usedMiB: mib(usage.usedSize), embedderMiB: mib(usage.embedderHeapUsedSize), externalMiB: mib(usage.backingStorageSize) };
    return { ...heap, totalMiB: heap.usedMiB + heap.embedderMiB + heap.externalMiB };
  } finally {
    session.close();
  }
}

/** A DevTools protocol connection to one of workerd's inspector targets (one per Worker). */
class DevToolsSession {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();

  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (data) => {
      const message = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: { message: string } };
      const waiting = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id!);
      if (message.error) waiting.reject(new Error(`DevTools protocol: ${message.error.message}`));
      else waiting.resolve(message.result);
    });
    socket.on("close", () => {
      for (const waiting of this.pending.values()) waiting.reject(new Error("the inspector closed the connection"));
      this.pending.clear();
    });
  }

  /** workerd lists its targets at /json/list, each with a `webSocketDebuggerUrl`; the id is the Worker's name. */
  static async open(inspectorPort: number, worker: string): Promise<DevToolsSession> {
    const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json()) as Array<{ id: string; webSocketDebuggerUrl: string }>;
    const target = targets.find((candidate) => candidate.id === worker);
    if (!target) throw new Error(`workerd's inspector lists no target "${worker}" (targets: ${targets.map((t) => t.id).join(", ")})`);
    const socket = new WebSocket(target.webSocketDebuggerUrl);
    await new Promise<void>((resolve, reject) => {
      socket.once("open", resolve);
      socket.once("error", reject);
    });
    return new DevToolsSession(socket);
  }

  send(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  close(): void {
    this.socket.close();
  }
}

/** GETs every path once, `concurrency` at a time, each on a fresh connection; every answer must be 200. */
async function requestEach(port: number, paths: readonly string[], concurrency: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < paths.length) await expectStatus(url(port, paths[next++]!), 200);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function expectStatus(address: string, status: number): Promise<void> {
  const response = await get(address);
  if (response.status !== status) throw new Error(`${address} answered ${response.status}, not ${status}`);
}

function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);
}
