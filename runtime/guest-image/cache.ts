import { createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { mkdir, readdir, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { withFileLock } from "../../common/node/file-lock";
import { isProcessAlive } from "../../common/node/process-alive";

/** A short stable hash of the given inputs (strings or file contents already hashed). */
export function hashInputs(...inputs: readonly string[]): string {
  const hash = createHash("sha256");
  for (const input of inputs) hash.update(`${input.length}:${input}`);
  return hash.digest("hex").slice(0, 16);
}

export function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(path)
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolve(hash.digest("hex")));
  });
}

let checkOnly = false;

/** From now on buildOnce builds nothing: a missing artifact throws MissingArtifact (`--check`). */
export function onlyCheck(): void {
  checkOnly = true;
}

export class MissingArtifact extends Error {
  constructor(readonly path: string) {
    super(`${path} is not built`);
  }
}

/**
 * Produces `dest` (a file or a folder) with `build`, which writes to the temporary path it
 * is given; the result appears under its final name only when complete (rename), so a crash
 * or a failure never leaves a half-written artifact. An existing `dest` is reused.
 */
export async function buildOnce(dest: string, build: (tmp: string) => Promise<void>): Promise<{ path: string; built: boolean }> {
  if (existsSync(dest)) return { path: dest, built: false };
  if (checkOnly) throw new MissingArtifact(dest);
  await mkdir(dirname(dest), { recursive: true });
  const tmp = join(dirname(dest), `.tmp-${process.pid}-${Date.now()}-${basenameOf(dest)}`);
  try {
    await build(tmp);
    await rename(tmp, dest).catch(async (error: NodeJS.ErrnoException) => {
      // Another builder finished the same artifact first: theirs is as good as ours.
      if (!existsSync(dest)) throw error;
    });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return { path: dest, built: true };
}

function basenameOf(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** The temporary folders of builders that died (their process is gone), by name. */
export async function staleWork(cacheDir: string): Promise<string[]> {
  const entries = await readdir(cacheDir).catch(() => [] as string[]);
  return entries.filter((entry) => {
    const pid = /^\.(?:tmp|[a-z]+-work)-(\d+)-/.exec(entry)?.[1];
    return pid !== undefined && !isProcessAlive(Number(pid));
  });
}

export async function removeStaleWork(cacheDir: string): Promise<void> {
  for (const entry of await staleWork(cacheDir)) await rm(join(cacheDir, entry), { recursive: true, force: true });
}

/**
 * Holds the cache's build lock while `work` runs, so two builders (two test files, two
 * terminals) do not build the same artifacts at once; a lock whose holder died is taken over.
 */
export function withBuildLock<T>(cacheDir: string, work: () => Promise<T>): Promise<T> {
  return withFileLock(join(cacheDir, ".builder.lock"), work, { staleMs: 30_000, waitMs: 30 * 60_000 });
}
