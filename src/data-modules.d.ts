// A .bin file imported as a module is its bytes: a wrangler Data module (wrangler.toml [[rules]]),
// and in the Node tests the same through vitest.config.ts's dataModules plugin.
declare module "*.bin" {
  const bytes: ArrayBuffer;
  export default bytes;
}
