// The part of autocannon's Node API the bench uses (autocannon ships no types).
declare module "autocannon" {
  interface Histogram {
    p50: number;
    p99: number;
    average: number;
    total: number;
  }
  interface Request {
    path: string;
    /** Overrides Options.method (default GET) for this request. */
    method?: string;
    headers?: Record<string, string>;
    /** Response headers as autocannon received them: names in the server's case. */
    onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void;
  }
  /** One connection. Its fields are autocannon's internals (lib/httpClient.js), not its documented API. */
  interface Client {
    /** An http-parser-js HTTPParser in RESPONSE mode; its callbacks are keyed by HTTPParser.kOn* numbers. */
    parser: Record<number, unknown>;
    /** The requests sent on this connection and not yet answered, oldest first. */
    pipelinedRequests: { peek(): { req: Request } | undefined };
  }
  interface Options {
    url: string;
    connections: number;
    duration: number;
    headers?: Record<string, string>;
    requests?: Request[];
    /** Called with each connection as it is created, before autocannon sets its parser callbacks. */
    setupClient?: (client: Client) => void;
  }
  interface Result {
    requests: Histogram;
    latency: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    statusCodeStats: Record<string, { count: number } | undefined>;
  }
  export default function autocannon(options: Options): Promise<Result>;
}
