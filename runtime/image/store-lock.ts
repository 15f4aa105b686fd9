import { AsyncLocalStorage } from "node:async_hooks";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import lockfile from "proper-lockfile";
import { A3sError, ErrorCodes } from "../../common/errors";

const STALE_MS = 10_000;

/**
 * An exclusive lock on the store, shared by every process on the machine: a lock directory
 * created atomically (mkdir), its mtime refreshed while held, and taken over when a crashed
 * holder left it stale for 10 s. Nested calls in the same async flow run inside the held lock.
 */
export class StoreLock {
  private readonly held = new AsyncLocalStorage<true>();

  constructor(private readonly root: string) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.held.getStore()) return fn();
    mkdirSync(this.root, { recursive: true });
    let compromised: Error | undefined;
    const release = await lockfile.lock(this.root, {
      lockfilePath: join(this.root, "store.lock"),
      realpath: false,
      stale: STALE_MS,
      update: STALE_MS / 4,
      retries: { retries: 100_000, factor: 1.1, minTimeout: 20, maxTimeout: 100 },
      onCompromised: (error) => {
        compromised = error;
      },
    }).catch((error: unknown) => {
      throw new A3sError(ErrorCodes.BUSY, `cannot lock the image store at ${this.root}: ${(error as Error).message}`, { cause: error });
    });
    try {
      const result = await this.held.run(true, fn);
      if (compromised) throw new A3sError(ErrorCodes.BUSY, `the image store lock was lost while in use: ${compromised.message}`);
      return result;
    } finally {
      await release().catch(() => undefined);
    }
  }
}
