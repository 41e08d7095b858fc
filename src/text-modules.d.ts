// A .txt file imported as a module is its text: a wrangler Text module (wrangler.toml [[rules]]),
// and in the tests the same through vitest.config.ts's textModules plugin.
declare module "*.txt" {
  const text: string;
  export default text;
}
