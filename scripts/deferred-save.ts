/** What npm start does with its build cache's saves (see deferredSave). */
export interface DeferredSave {
  /** A build finished: its state is to be saved. */
  due(): void;
  /** The server serves the build now (or npm start is stopping): save what is due, and wait for it. */
  now(): Promise<void>;
  /** A build starts: what was due is dropped (this build saves its own), a save under way is waited for. */
  beforeBuild(): Promise<void>;
}

/**
 * Saves the build's cache once the server serves the build just made rather than while it
 * reloads: saving serializes and hashes tens of megabytes at a few thousand articles, and on the
 * same cores as wrangler's reload it would make a saved article reach the browser that much later
 * (docs/authoring-loop.md). `afterMs` after a build, a save still due is made anyway (a build
 * that wrote the same files makes no reload to wait for).
 */
export function deferredSave(save: () => Promise<void>, afterMs = 10_000): DeferredSave {
  let running: Promise<void> = Promise.resolve();
  let pending = false;
  let timer: NodeJS.Timeout | undefined;
  const now = () => {
    clearTimeout(timer);
    if (pending) {
      pending = false;
      running = save();
    }
    return running;
  };
  return {
    due() {
      pending = true;
      clearTimeout(timer);
      timer = setTimeout(now, afterMs);
    },
    now,
    beforeBuild() {
      clearTimeout(timer);
      pending = false;
      return running;
    },
  };
}
