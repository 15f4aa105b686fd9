import { createHash } from "node:crypto";
import { constants } from "node:fs";
import { lstat, mkdir, open, readdir, readFile, realpath, rm, rmdir, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { withFileLock } from "../../common/node/file-lock";
import { isProcessAlive } from "../../common/node/process-alive";
import { guestCacheDir } from "../vm/guest-artifacts";

/** What the guests of a workspace's boxes may add to it (guest/init/protect-paths), left for the last box to remove. */
const MADE_GIT = "made-git";
const MADE_COMMONDIR = "made-commondir";

const missing = (error: NodeJS.ErrnoException) => {
  if (error.code !== "ENOENT") throw error;
  return undefined;
};

/**
 * A box's share of its workspace, held from before its VM boots until after it stops: boxes on
 * one workspace, in any process of this user, agree through a folder per workspace (a file per
 * box holding its owner's pid; dead owners do not count) under a lock. Whoever joins first sees
 * what the guests will add (an empty .git standing in for a missing one, a `.git/commondir` of
 * "."); the last to leave removes it, if it is still what the guests made.
 */
export class WorkspaceLease {
  private released = false;

  private constructor(
    private readonly workspace: string,
    private readonly dir: string,
    private readonly lock: string,
    private readonly boxId: string,
  ) {}

  static async join(workspace: string, boxId: string, protectedPaths: readonly string[]): Promise<WorkspaceLease> {
    const real = await realpath(workspace);
    const key = createHash("sha256").update(real).digest("hex").slice(0, 32);
    const root = join(guestCacheDir(), "workspaces");
    const lease = new WorkspaceLease(real, join(root, key), join(root, `${key}.lock`), boxId);
    await withFileLock(lease.lock, async () => {
      await mkdir(lease.dir, { recursive: true, mode: 0o700 });
      await writeFile(join(lease.dir, `box-${boxId}`), String(process.pid));
      if (!protectedPaths.some((p) => p.startsWith(".git/"))) return;
      const git = await lstat(join(real, ".git")).catch(missing);
      if (!git) await writeFile(join(lease.dir, MADE_GIT), "");
      else if (git.isDirectory() && protectedPaths.includes(".git/commondir") && (await readdir(join(real, ".git"))).length > 0) {
        if (!(await lstat(join(real, ".git/commondir")).catch(missing))) await writeFile(join(lease.dir, MADE_COMMONDIR), "");
      }
    }, { waitMs: 60_000 });
    return lease;
  }

  /** Gives the box's share back; the last live box removes what the guests made. Idempotent. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await withFileLock(this.lock, async () => {
      await rm(join(this.dir, `box-${this.boxId}`), { force: true });
      if (await this.othersAlive()) return;
      const made = new Set(await readdir(this.dir).catch(() => [] as string[]));
      if (made.has(MADE_COMMONDIR)) await removeDotCommondir(join(this.workspace, ".git"));
      if (made.has(MADE_GIT)) {
        // Still empty: the user may have run git init on the host since.
        await rmdir(join(this.workspace, ".git")).catch((error: NodeJS.ErrnoException) => {
          if (!["ENOENT", "ENOTEMPTY", "EEXIST", "ENOTDIR"].includes(error.code ?? "")) throw error;
        });
      }
      await rm(this.dir, { recursive: true, force: true });
    }, { waitMs: 60_000 });
  }

  /** Whether another box on the workspace still runs; the files of dead owners are removed on the way. */
  private async othersAlive(): Promise<boolean> {
    let alive = false;
    for (const name of await readdir(this.dir).catch(() => [] as string[])) {
      if (!name.startsWith("box-")) continue;
      const pid = Number(await readFile(join(this.dir, name), "utf8").catch(() => ""));
      if (isProcessAlive(pid)) alive = true;
      else await rm(join(this.dir, name), { force: true });
    }
    return alive;
  }
}

/**
 * Removes `.git/commondir` when it names .git itself ("."), following no symbolic link the
 * box may have left: .git must be a folder, commondir a plain file opened with O_NOFOLLOW.
 */
async function removeDotCommondir(gitDir: string): Promise<void> {
  if (!(await lstat(gitDir).catch(missing))?.isDirectory()) return;
  const path = join(gitDir, "commondir");
  const file = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT" || error.code === "ELOOP") return undefined;
    throw error;
  });
  if (!file) return;
  try {
    const stats = await file.stat();
    if (!stats.isFile() || stats.size > 16) return;
    if ((await file.readFile("utf8")).replace(/\n+$/, "") !== ".") return;
  } finally {
    await file.close();
  }
  await unlink(path).catch(missing);
}
