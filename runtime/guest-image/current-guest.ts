import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { readJsonFile, writeJsonAtomic } from "../../common/node/atomic-file";
import { liveLeases, takeLease } from "../../common/node/pid-leases";

/**
 * What `a3s-box guest prune` keeps. The builder records, per guest it was asked for (arch and
 * root filesystem choice), the cache entries its last successful run used: paths relative to
 * the cache, like `agent-0123abcd` or `resolved/4567.json`. Each process that boots from
 * artifacts leases their entries for as long as it lives, since it may boot more VMs from them.
 */
const CURRENT_DIR = "current";
const LEASES_DIR = "guest-leases";

interface CurrentRecord {
  guest: string;
  uses: string[];
  recordedAt: string;
}

/** Records `uses` as what guest `guest` (e.g. `x86_64-developer`) is built from now. */
export async function recordCurrentGuest(cacheDir: string, guest: string, uses: readonly string[]): Promise<void> {
  await writeJsonAtomic(join(cacheDir, CURRENT_DIR, `${guest}.json`), { guest, uses: [...uses], recordedAt: new Date().toISOString() } satisfies CurrentRecord);
}

/** The entries every recorded guest uses; undefined when no build has recorded one yet. */
export async function currentGuestUses(cacheDir: string): Promise<Set<string> | undefined> {
  const names = await readdir(join(cacheDir, CURRENT_DIR)).catch(() => [] as string[]);
  const records = names.filter((name) => name.endsWith(".json"));
  if (records.length === 0) return undefined;
  const uses = new Set<string>();
  for (const name of records) {
    const record = (await readJsonFile(join(cacheDir, CURRENT_DIR, name))) as Partial<CurrentRecord> | undefined;
    for (const use of Array.isArray(record?.uses) ? record.uses : []) if (typeof use === "string") uses.add(use);
  }
  return uses;
}

const leased = new Set<string>();

/** Leases the cache entries `uses` (relative paths) for process `pid`, until it exits; once each. */
export function leaseGuestEntries(cacheDir: string, uses: readonly string[], pid = process.pid): void {
  const dir = join(cacheDir, LEASES_DIR);
  for (const use of uses) {
    const key = `${dir}\0${use}\0${pid}`;
    if (leased.has(key)) continue;
    takeLease(dir, use.replaceAll("/", "+"), pid);
    leased.add(key);
  }
  liveLeases(dir); // clears the leases of processes gone since, so they do not pile up
}

/** The cache entries (relative paths) that live processes lease. */
export function leasedGuestEntries(cacheDir: string): Set<string> {
  const dir = join(cacheDir, LEASES_DIR);
  let ids: Set<string>;
  try {
    ids = liveLeases(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return new Set();
    throw error;
  }
  return new Set([...ids].map((id) => id.replaceAll("+", "/")));
}
