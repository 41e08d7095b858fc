/** What npm start does with its build cache's saves (see deferredSave). */
export interface DeferredSave {
  /** A build finished: its state is to be saved. */
  due(): void;
  /** The server serves the build now: what is due is saved once npm start has been quiet a while. */
  served(): void;
  /** npm start is stopping: save what is due now, and wait for it. */
  now(): Promise<void>;
  /** A build starts: what was due is dropped (this build saves its own), a save under way is waited for. */
  beforeBuild(): Promise<void>;
}

/**
 * Saves the build's cache when npm start has nothing else to do: `quietMs` after the server
 * serves the build just made (or `afterMs` after a build that brings no reload: one that wrote
 * the same files), and before npm start stops. A save is usually a journal of what changed (tens
 * of kilobytes), but now and then a whole new base (tens of megabytes at a few thousand articles,
 * src/build/cache-file.ts), encoded on the main thread: during wrangler's reload that would make
 * the saved article reach the browser later, and a save the author makes while it runs waits for
 * it (docs/authoring-loop.md). A build that starts first takes over what was due; the in-memory
 * cache is what builds use, the file is only for the next npm start.
 */
export function deferredSave(save: () => Promise<void>, { quietMs = 3_000, afterMs = 10_000 } = {}): DeferredSave {
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
  const saveIn = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(now, ms);
  };
  return {
    due() {
      pending = true;
      saveIn(afterMs);
    },
    served() {
      if (pending) saveIn(quietMs);
    },
    now,
    beforeBuild() {
      clearTimeout(timer);
      pending = false;
      return running;
    },
  };
}
