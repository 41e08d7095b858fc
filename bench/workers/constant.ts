/**
 * The baseline: a Worker with no logic that answers every request with one constant response,
 * the same status, headers and body bytes as the route it stands for (set per route through its
 * bindings by bench/run.ts). What it costs is what workerd costs to serve those bytes: the floor.
 */
interface Env {
  STATUS: number;
  HEADERS: Record<string, string>;
  /** Empty for a bodiless response (304). */
  BODY: string;
}

let constant: { body: string | null; init: ResponseInit } | undefined;

export default {
  fetch(_request: Request, env: Env): Response {
    constant ??= { body: env.BODY === "" ? null : env.BODY, init: { status: env.STATUS, headers: env.HEADERS } };
    return new Response(constant.body, constant.init);
  },
};
