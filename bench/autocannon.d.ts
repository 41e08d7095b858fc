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
    headers?: Record<string, string>;
    onResponse?: (status: number, body: string) => void;
  }
  interface Options {
    url: string;
    connections: number;
    duration: number;
    headers?: Record<string, string>;
    requests?: Request[];
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
