/**
 * The baseline: a Worker with no logic that answers every request with one constant response,
 * the same status, headers and body bytes as the route it stands for (set per route through its
 * bindings by bench/run.ts). The body is encoded to bytes once, the cheapest way workerd serves
 * a body, so what the baseline costs is the floor for serving those bytes.
 */
export interface ConstantEnv {
  STATUS: number;
  HEADERS: Record<string, string>;
  /** Empty for a bodiless response (304). */
  BODY: string;
}

let constant: { body: Uint8Array | null; init: ResponseInit } | undefined;

export function constantResponse(env: ConstantEnv): Response {
  constant ??= { body: env.BODY === "" ? null : new TextEncoder().encode(env.BODY), init: { status: env.STATUS, headers: env.HEADERS } };
  return new Response(constant.body, constant.init);
}

export default {
  fetch(_request: Request, env: ConstantEnv): Response {
    return constantResponse(env);
  },
};
