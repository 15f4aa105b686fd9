import { createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";

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

/** Removes the temporary folders of builders that died (their process is gone). */
export async function removeStaleWork(cacheDir: string): Promise<void> {
  const entries = await readdir(cacheDir).catch(() => [] as string[]);
  for (const entry of entries) {
    const pid = /^\.(?:tmp|[a-z]+-work)-(\d+)-/.exec(entry)?.[1];
    if (pid && !isAlive(Number(pid))) await rm(join(cacheDir, entry), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Holds the cache's build lock while `work` runs, so two builders (two test files, two
 * terminals) do not build the same artifacts at once; a lock whose holder died is taken over.
 */
export async function withBuildLock<T>(cacheDir: string, work: () => Promise<T>): Promise<T> {
  await mkdir(cacheDir, { recursive: true });
  const lock = join(cacheDir, ".build.lock");
  for (;;) {
    try {
      const handle = await open(lock, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(await readFile(lock, "utf8").catch(() => "0"));
      if (holder > 0 && !isAlive(holder)) await rm(lock, { force: true });
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lock, { force: true });
  }
}
