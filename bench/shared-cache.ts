import CachePolicy from "http-cache-semantics";

/** What the cache sends on: a request for a path with headers, answered with a status and headers. */
export type Origin = (path: string, headers: Record<string, string>) => Promise<CachedResponse>;

export interface CachedResponse {
  status: number;
  headers: Record<string, string>;
}

/**
 * One shared cache (RFC 9111) in front of the Worker, as Cloudflare's Workers Cache is at one
 * edge location: it stores what the response headers allow, answers from storage while fresh,
 * serves stale within stale-while-revalidate while it revalidates in the background, and
 * otherwise revalidates with the stored validators before answering. The decisions are
 * http-cache-semantics' (an implementation of RFC 9111 and RFC 5861); this class adds storage
 * keyed by path and the request headers the response varies on, and a clock the caller moves,
 * so hours of polling run in milliseconds. Bodies are not modelled: only what reaches the origin.
 */
export class SharedCache {
  /** Requests the cache sent to the origin: each one a run of the Worker. */
  originRequests = 0;
  #now = 0;
  readonly #entries = new Map<string, { policy: CachePolicy; status: number }>();
  readonly #vary = new Map<string, string[]>();
  readonly #policy: typeof CachePolicy;

  constructor(private readonly origin: Origin) {
    const clock = () => this.#now;
    // http-cache-semantics reads the time through its now() method (not in its type declarations).
    this.#policy = class extends CachePolicy {
      now(): number {
        return clock();
      }
    };
  }

  /** Moves the cache's clock to `ms` milliseconds after its start. */
  advanceTo(ms: number): void {
    this.#now = ms;
  }

  async fetch(path: string, headers: Record<string, string> = {}): Promise<CachedResponse & { from: "cache" | "origin" }> {
    const request = { url: path, method: "GET", headers: { host: "edge.test", ...headers } };
    const key = this.#key(path, request.headers);
    const entry = this.#entries.get(key);
    if (entry) {
      const stored = entry.policy;
      const { response, revalidation } = stored.evaluateRequest(request);
      const cached = { status: entry.status, headers: plain(response?.headers ?? {}), from: "cache" as const };
      if (response && !revalidation) return cached;
      if (response && revalidation) {
        // stale-while-revalidate: this client gets the stored response, the origin is asked meanwhile.
        await this.#revalidate(key, entry, request, plain(revalidation.headers));
        return cached;
      }
      const refreshed = await this.#revalidate(key, entry, request, plain(stored.revalidationHeaders(request)));
      return { ...refreshed, from: "origin" };
    }
    const fetched = await this.#ask(path, request.headers);
    this.#store(path, request, fetched);
    return { ...fetched, from: "origin" };
  }

  async #revalidate(
    key: string,
    stored: { policy: CachePolicy; status: number },
    request: CachePolicy.Request,
    headers: Record<string, string>,
  ): Promise<CachedResponse> {
    const answer = await this.#ask(request.url!, headers);
    const { policy, modified } = stored.policy.revalidatedPolicy(request, answer);
    const status = modified ? answer.status : stored.status;
    if (policy.storable()) this.#entries.set(key, { policy, status });
    else this.#entries.delete(key);
    return modified ? answer : { status, headers: plain(policy.responseHeaders()) };
  }

  #ask(path: string, headers: Record<string, string>): Promise<CachedResponse> {
    this.originRequests++;
    return this.origin(path, headers);
  }

  #store(path: string, request: CachePolicy.Request, response: CachedResponse): void {
    const policy = new this.#policy(request, response, { shared: true });
    if (!policy.storable()) return;
    const vary = (response.headers["vary"] ?? "").split(",").map((name) => name.trim().toLowerCase()).filter(Boolean);
    this.#vary.set(path, vary);
    this.#entries.set(this.#key(path, request.headers as Record<string, string>), { policy, status: response.status });
  }

  /** One entry per path and per value of each request header the stored response varies on. */
  #key(path: string, headers: Record<string, string | undefined>): string {
    return JSON.stringify([path, ...(this.#vary.get(path) ?? []).map((name) => headers[name] ?? null)]);
  }
}

function plain(headers: CachePolicy.Headers): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)]])));
}

export interface PollingResult {
  polls: number;
  /** Worker runs when every poll reaches the Worker. */
  withoutCache: number;
  /** Worker runs when the polls go through the shared cache. */
  throughCache: number;
}

/**
 * `readers` feed readers each polling `path` every `intervalSeconds`, their polls spread evenly
 * over the interval, until `polls` polls were made: how many reach the Worker through a shared
 * cache, and without one (every poll).
 */
export async function pollingThroughCache(
  origin: Origin,
  { path = "/feed.xml", readers = 1000, intervalSeconds = 300, polls = 10_000 } = {},
): Promise<PollingResult> {
  const cache = new SharedCache(origin);
  for (let poll = 0; poll < polls; poll++) {
    const reader = poll % readers;
    const round = Math.floor(poll / readers);
    cache.advanceTo((round * intervalSeconds + (reader * intervalSeconds) / readers) * 1000);
    await cache.fetch(path);
  }
  return { polls, withoutCache: polls, throughCache: cache.originRequests };
}
