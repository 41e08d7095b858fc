// `node --import <this file>` with EDGEFEED_REFUSE_IMPORTS=sharp,esbuild: makes every import of
// those packages fail, so a test can tell that a run never loaded them.
import { register } from "node:module";

const refused = (process.env["EDGEFEED_REFUSE_IMPORTS"] ?? "").split(",").filter(Boolean);
const hooks = `const refused = ${JSON.stringify(refused)};
export async function resolve(specifier, context, next) {
  const name = refused.find((p) => specifier === p || specifier.startsWith(p + "/"));
  if (name) throw new Error(name + " was loaded");
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
