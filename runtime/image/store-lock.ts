import { AsyncLocalStorage } from "node:async_hooks";
import { join } from "node:path";
import { A3sError, ErrorCodes } from "../../common/errors";
import { FileLockError, withFileLock } from "../../common/node/file-lock";

/**
 * An exclusive lock on the store, shared by every process on the machine (a lock directory
 * refreshed while held, taken over when a crashed holder left it stale for 10 s). Nested
 * calls in the same async flow run inside the held lock.
 */
export class StoreLock {
  private readonly held = new AsyncLocalStorage<true>();

  constructor(private readonly root: string) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.held.getStore()) return fn();
    return withFileLock(join(this.root, "store.lock"), () => this.held.run(true, fn), { staleMs: 10_000 }).catch((error: unknown) => {
      if (!(error instanceof FileLockError)) throw error;
      throw new A3sError(ErrorCodes.BUSY, `the image store at ${this.root} is busy: ${(error as Error).message}`, { cause: error });
    });
  }
}
