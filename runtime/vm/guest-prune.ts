import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { A3sError, ErrorCodes } from "../../common/errors";
import { diskUsage } from "../../common/node/disk-usage";
import { isProcessAlive } from "../../common/node/process-alive";
import { staleWork, withBuildLock } from "../guest-image/cache";
import { currentGuestUses, leasedGuestEntries } from "../guest-image/current-guest";
import { RESOLVED_DIR } from "../guest-image/resolve";
import { pulledGuestEntries, PULLED_DIR } from "./guest-oci";

/** The cache entries the guest builder makes; everything else in the cache has its own owner. */
const ARTIFACT = /^(?:kernel|initramfs|agent|rootfs|node|apt)-/;

export interface GuestPruneResult {
  /** What was removed (or, in a dry run, would be): absolute paths and their bytes. */
  removed: { path: string; bytes: number }[];
  freedBytes: number;
}

/**
 * Removes the guest artifacts no current guest uses: built ones that no build recorded last
 * for its arch and root filesystem, pulled ones that no pull record names, their package
 * resolutions, and dead builders' temporaries; keeps whatever a live process leases. Holds
 * the build lock, so no build or pull adds entries meanwhile. Entries are removed as they are:
 * a link is unlinked, never followed.
 */
export async function pruneGuestCache(cacheDir: string, options: { dryRun?: boolean } = {}): Promise<GuestPruneResult> {
  return withBuildLock(cacheDir, async () => {
    const built = await currentGuestUses(cacheDir);
    const pulled = await pulledGuestEntries(cacheDir);
    if (!built && pulled.length === 0) {
      throw new A3sError(ErrorCodes.NOT_FOUND, `no build or pull has recorded a current guest in ${cacheDir} yet, so nothing can be told stale; run \`a3s-box guest build\` (or \`guest pull\`) first`);
    }
    const keep = new Set([...(built ?? []), ...pulled, ...leasedGuestEntries(cacheDir)]);
    const candidates = [
      ...(await entries(cacheDir)).filter((name) => ARTIFACT.test(name)),
      ...(await staleWork(cacheDir)),
      ...(await entries(join(cacheDir, RESOLVED_DIR))).filter(notBeingWritten).map((name) => `${RESOLVED_DIR}/${name}`),
      ...(await entries(join(cacheDir, PULLED_DIR))).filter((name) => !name.endsWith(".json") && notBeingWritten(name)).map((name) => `${PULLED_DIR}/${name}`),
    ];
    const removed: GuestPruneResult["removed"] = [];
    for (const entry of candidates.filter((candidate) => !keep.has(candidate))) {
      const path = join(cacheDir, entry);
      const bytes = diskUsage(path);
      if (!options.dryRun) await rm(path, { recursive: true, force: true });
      removed.push({ path, bytes });
    }
    return { removed, freedBytes: removed.reduce((sum, entry) => sum + entry.bytes, 0) };
  });
}

async function entries(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  return names.sort();
}

/** Temporaries are named `….tmp-PID`; a live writer's is not stale. */
function notBeingWritten(name: string): boolean {
  const pid = /\.tmp-(\d+)$/.exec(name)?.[1];
  return pid === undefined || !isProcessAlive(Number(pid));
}
