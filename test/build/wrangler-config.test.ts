import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { unstable_readConfig } from "wrangler";

const CONFIG = join(import.meta.dirname, "..", "..", "wrangler.toml");

describe("wrangler.toml, as the pinned wrangler reads it", () => {
  it("turns on the Workers Cache, with each deployed version's cache kept apart (the default), and no warning", () => {
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const config = unstable_readConfig({ config: CONFIG });
      expect(config.cache).toEqual({ enabled: true });
      // cross_version_cache would let a new deploy answer from the previous version's entries.
      expect(config.cache).not.toHaveProperty("cross_version_cache");
      expect(warnings).not.toHaveBeenCalled();
    } finally {
      warnings.mockRestore();
    }
  });

  it("keeps wrangler's default module rules: a rule that replaced one makes every rebundle slower", () => {
    // wrangler registers a resolver that throws for each default rule a user rule replaces
    // (one without `fallthrough = true` of the same type), and esbuild reads wrangler's whole
    // cli.js to place that error, at every .bin import of every rebundle under npm start.
    const config = unstable_readConfig({ config: CONFIG });
    expect(config.rules.length).toBeGreaterThan(0);
    for (const rule of config.rules) if (["Text", "Data", "CompiledWasm"].includes(rule.type)) expect(rule, JSON.stringify(rule)).toMatchObject({ fallthrough: true });
  });

  it("does not keep function names: wrangler would wrap closures Hono makes for every request to keep theirs", () => {
    expect(unstable_readConfig({ config: CONFIG }).keep_names).toBe(false);
  });
});
