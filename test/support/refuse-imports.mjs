// `node --import <this file>` with EDGEFEED_REFUSE_IMPORTS=sharp,esbuild: makes every import or
// require() of those packages fail, so a test can tell that a run never loaded them (files inside
// them, such as their package.json, may still be read).
import Module, { register } from "node:module";

const refused = (process.env["EDGEFEED_REFUSE_IMPORTS"] ?? "").split(",").filter(Boolean);
const refusal = (specifier) => refused.find((name) => specifier === name);

const hooks = `const refused = ${JSON.stringify(refused)};
export async function resolve(specifier, context, next) {
  const name = refused.find((name) => specifier === name);
  if (name) throw new Error(name + " was loaded");
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);

// require() does not go through those hooks in Node.js 20: its resolver is wrapped instead.
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const name = refusal(request);
  if (name) throw new Error(`${name} was loaded`);
  return resolveFilename.call(this, request, ...rest);
};
