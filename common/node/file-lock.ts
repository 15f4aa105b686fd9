import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import lockfile from "proper-lockfile";

export interface FileLockOptions {
  /** A lock not refreshed for this long is taken to be a crashed holder's and taken over. */
  staleMs?: number;
  /** How long to wait for another holder before giving up. */
  waitMs?: number;
}

/** The lock could not be had in time, or was lost while held. */
export class FileLockError extends Error {}

/**
 * Runs `work` holding an exclusive lock that every process on the machine respects: the
 * directory `lockPath` created atomically, its mtime refreshed while held (proper-lockfile).
 * Throws FileLockError when the lock cannot be had in time or was lost while `work` ran.
 */
export async function withFileLock<T>(lockPath: string, work: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const staleMs = options.staleMs ?? 10_000;
  const maxTimeout = 200;
  await mkdir(dirname(lockPath), { recursive: true });
  let compromised: Error | undefined;
  // proper-lockfile keeps its held locks by the path it is given: the lock's own path, as locks
  // side by side in one folder (the workspace leases) would otherwise share one record and clobber it.
  const release = await lockfile
    .lock(lockPath, {
      lockfilePath: lockPath,
      realpath: false,
      stale: staleMs,
      update: staleMs / 4,
      retries: { retries: Math.ceil((options.waitMs ?? 600_000) / maxTimeout), factor: 1.2, minTimeout: 20, maxTimeout },
      onCompromised: (error) => {
        compromised = error;
      },
    })
    .catch((error: unknown) => {
      throw new FileLockError(`cannot take the lock ${lockPath}: ${(error as Error).message}`, { cause: error });
    });
  try {
    const result = await work();
    if (compromised) throw new FileLockError(`the lock ${lockPath} was lost while in use: ${compromised.message}`);
    return result;
  } finally {
    await release().catch(() => undefined);
  }
}
