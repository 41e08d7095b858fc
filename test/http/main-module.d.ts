// Types `exports` from "cloudflare:workers" in tests as the Worker's own main module
// (see GlobalProps in @cloudflare/workers-types).
declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import("../../src/index.ts");
  }
}
