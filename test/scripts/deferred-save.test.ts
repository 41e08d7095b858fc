import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { deferredSave } from "../../scripts/deferred-save.ts";

describe("npm start's build cache saves", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const counting = () => {
    const saves = { count: 0 };
    const saver = deferredSave(async () => void saves.count++, { quietMs: 3_000, afterMs: 10_000 });
    return { saves, saver };
  };

  it("saves a build a while after the server serves it, not when the build ends nor during the reload, and only once", async () => {
    const { saves, saver } = counting();
    saver.due();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(saves.count).toBe(0);
    saver.served();
    await vi.advanceTimersByTimeAsync(2_900);
    expect(saves.count).toBe(0);
    await vi.advanceTimersByTimeAsync(100);
    expect(saves.count).toBe(1);
    saver.served();
    await saver.now();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(saves.count).toBe(1);
  });

  it("saves anyway when no reload comes", async () => {
    const { saves, saver } = counting();
    saver.due();
    await vi.advanceTimersByTimeAsync(9_000);
    expect(saves.count).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(saves.count).toBe(1);
  });

  it("leaves a due save to the next build when the author saves again soon after the page shows the last one", async () => {
    const { saves, saver } = counting();
    saver.due();
    saver.served();
    await vi.advanceTimersByTimeAsync(1_000);
    await saver.beforeBuild();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(saves.count).toBe(0);
    saver.served();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(saves.count).toBe(0);
    saver.due();
    saver.served();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(saves.count).toBe(1);
  });

  it("saves what is due at once when npm start stops, and nothing when nothing is", async () => {
    const { saves, saver } = counting();
    await saver.now();
    expect(saves.count).toBe(0);
    saver.due();
    await saver.now();
    expect(saves.count).toBe(1);
  });

  it("makes a build wait for a save under way", async () => {
    let finish: () => void = () => {};
    const saver = deferredSave(() => new Promise<void>((resolve) => (finish = resolve)));
    saver.due();
    void saver.now();
    let built = false;
    const build = saver.beforeBuild().then(() => (built = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(built).toBe(false);
    finish();
    await build;
    expect(built).toBe(true);
  });
});
