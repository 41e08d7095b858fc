import { exports } from "cloudflare:workers";

export const BASE = "https://edgefeed.test";

/** The deployed Worker's own entry point, as the edge calls it. */
export const fetchPath = (path: string, init?: RequestInit) => exports.default.fetch(new Request(`${BASE}${path}`, init));
