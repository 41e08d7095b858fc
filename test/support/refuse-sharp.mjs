// `node --import <this file>`: makes every import of sharp fail, so a test can tell that a run
// never loaded it (test/build/photos.test.ts).
import { register } from "node:module";

const hooks = `export async function resolve(specifier, context, next) {
  if (specifier === "sharp" || specifier.startsWith("sharp/")) throw new Error("sharp was loaded");
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
