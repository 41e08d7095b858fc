import { median } from "./measure.ts";
import type { StartupResult } from "./report.ts";
import type { Route } from "./routes.ts";
import { get, startWorkerd, url, writeConfig } from "./workerd.ts";

/** Start-up to first response, and the first and second request, on one route in a fresh workerd. */
export async function firstRequest(config: string, route: Route, port: number, cpu: number | undefined): Promise<StartupResult> {
  const server = await startWorkerd(config, port, cpu);
  try {
    const first = await get(url(port, route.path), route.headers);
    const startupMs = performance.now() - server.spawnedAt;
    const second = await get(url(port, route.path), route.headers);
    return { route: route.name, startupMs, firstRequestMs: first.ms, secondRequestMs: second.ms, status: first.status };
  } finally {
    await server.stop();
  }
}

/**
 * workerd's own start-up, with a Worker that has nothing to load (median of three): what is left
 * of a site's start-up after subtracting it is the Worker's, the part Cloudflare's limit is about.
 * `serveDir` must hold constant.js.
 */
export async function emptyWorkerStartup(serveDir: string, port: number, cpu: number | undefined): Promise<number> {
  const config = await writeConfig(serveDir, [{ name: "empty", port, module: "constant.js", text: { BODY: "" }, json: { STATUS: 204, HEADERS: {} } }]);
  const route: Route = { name: "empty", path: "/", expectStatus: 204, kind: "200" };
  const starts: StartupResult[] = [];
  for (let i = 0; i < 3; i++) starts.push(await firstRequest(config, route, port, cpu));
  return median(starts.map((start) => start.startupMs));
}
