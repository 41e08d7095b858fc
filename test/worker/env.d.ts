// `exports` from "cloudflare:workers" is the Worker under test (src/index.ts, via wrangler.toml).
declare namespace Cloudflare {
  interface Exports {
    default: { fetch(request: Request): Promise<Response> };
  }
}
