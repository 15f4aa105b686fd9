import { createHash } from "node:crypto";
import { constants } from "node:fs";
import { lstat, mkdir, open, readdir, realpath, rm, rmdir, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { withFileLock } from "../../common/node/file-lock";
import { liveLeases, takeLease } from "../../common/node/pid-leases";
import { guestCacheDir } from "../vm/guest-artifacts";

/** The boxes' pid leases (common/node/pid-leases), beside the markers below. */
const BOXES = "boxes";
/** What the guests of a workspace's boxes may add to it (guest/init/protect-paths), left for the last box to remove. */
const MADE_GIT = "made-git";
const MADE_COMMONDIR = "made-commondir";

const missing = (error: NodeJS.ErrnoException) => {
  if (error.code !== "ENOENT") throw error;
  return undefined;
};

/**
 * A box's share of its workspace, held from before its VM boots until after it stops: boxes on
 * one workspace, in any process of this user, agree through a folder per workspace (a pid lease
 * per box; dead owners do not count) under a lock. Whoever joins first sees
 * what the guests will add (an empty .git standing in for a missing one, a `.git/commondir` of
 * "."); the last to leave removes it, if it is still what the guests made.
 */
export class WorkspaceLease {
  private released = false;
  private dropLease: () => void = () => {};

  private constructor(
    private readonly workspace: string,
    private readonly dir: string,
    private readonly lock: string,
  ) {}

  static async join(workspace: string, boxId: string, protectedPaths: readonly string[]): Promise<WorkspaceLease> {
    const real = await realpath(workspace);
    const key = createHash("sha256").update(real).digest("hex").slice(0, 32);
    const root = join(guestCacheDir(), "workspaces");
    const lease = new WorkspaceLease(real, join(root, key), join(root, `${key}.lock`));
    await withFileLock(lease.lock, async () => {
      await mkdir(lease.dir, { recursive: true, mode: 0o700 });
      lease.dropLease = takeLease(join(lease.dir, BOXES), boxId);
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
      this.dropLease();
      if (liveLeases(join(this.dir, BOXES)).size > 0) return;
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
