/**
 * The baseline: a Worker with no logic that answers every request with one constant response,
 * the same status, headers and body bytes as the route it stands for (set per route through its
 * bindings by bench/run.ts). The body is a Blob made once and the headers a Headers object made
 * once, the cheapest way workerd serves them (a Uint8Array is copied into every response, a
 * plain object's headers read one by one: docs/benchmarks.md), so what the baseline costs is the
 * floor for serving those bytes.
 */
export interface ConstantEnv {
  STATUS: number;
  HEADERS: Record<string, string>;
  /** Empty for a bodiless response (304). */
  BODY: string;
}

let constant: { body: Blob | null; init: ResponseInit } | undefined;

export function constantResponse(env: ConstantEnv): Response {
  constant ??= { body: env.BODY === "" ? null : new Blob([new TextEncoder().encode(env.BODY)]), init: { status: env.STATUS, headers: new Headers(env.HEADERS) } };
  return new Response(constant.body, constant.init);
}

export default {
  fetch(_request: Request, env: ConstantEnv): Response {
    return constantResponse(env);
  },
};
