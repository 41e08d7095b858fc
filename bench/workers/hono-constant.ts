import { Hono } from "hono";
import { constantResponse, type ConstantEnv } from "./constant.ts";

/**
 * The framework's floor: the same constant response as bench/workers/constant.ts, answered from
 * a Hono route like ours (`app.get("*")`). Between the constant baseline and this is what Hono's
 * dispatch costs; between this and our route is what our own code costs.
 */
const app = new Hono<{ Bindings: ConstantEnv }>();

app.get("*", (c) => constantResponse(c.env));

export default app;
