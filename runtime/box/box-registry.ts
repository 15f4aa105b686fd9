import { readdirSync, readFileSync } from "node:fs";
import { mkdir, readdir, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { writeJsonAtomic } from "../../common/node/atomic-file";
import { isProcessAlive } from "../../common/node/process-alive";
import { guestCacheDir } from "../vm/guest-artifacts";
import type { VmState } from "../vm/vm-manager";

/** What `a3s-box ps` shows about a box; written by the process that owns it. */
export interface BoxRecord {
  id: string;
  ownerPid: number;
  vmPid?: number;
  backend: string;
  workspace: string;
  network: string;
  state: VmState;
  createdAt: string;
}

/** Every box of this user has a private folder here: record, serial log, config share. */
export function boxesDir(): string {
  return join(guestCacheDir(), "boxes");
}

export function boxDir(id: string): string {
  return join(boxesDir(), id);
}

export async function writeBoxRecord(record: BoxRecord): Promise<void> {
  await mkdir(boxesDir(), { recursive: true, mode: 0o700 });
  await writeJsonAtomic(join(boxDir(record.id), "box.json"), record);
}

/** The marker `a3s-box stop` leaves, so the owner reports `stopped` rather than `failed`. */
export function stopRequestFile(id: string): string {
  return join(boxDir(id), "stop-requested");
}

export function isStopRequested(id: string): boolean {
  try {
    return readdirSync(boxDir(id)).includes("stop-requested");
  } catch {
    return false;
  }
}

/**
 * The boxes of this user that are alive. A box whose owner died is cleaned up on the way: its
 * VM process is killed if it somehow survived, and its folder removed.
 */
export async function listLiveBoxes(): Promise<BoxRecord[]> {
  const ids = await readdir(boxesDir()).catch(() => [] as string[]);
  const live: BoxRecord[] = [];
  for (const id of ids) {
    const record = await readFile(join(boxDir(id), "box.json"), "utf8").then((t) => JSON.parse(t) as BoxRecord, () => undefined);
    if (record && isProcessAlive(record.ownerPid)) {
      live.push(record);
      continue;
    }
    // A box being created has its folder a moment before its record.
    if (!record && Date.now() - (await stat(boxDir(id)).then((s) => s.mtimeMs, () => 0)) < 60_000) continue;
    if (record?.vmPid !== undefined && isVmProcessOf(record.vmPid, id)) process.kill(record.vmPid, "SIGKILL");
    await rm(boxDir(id), { recursive: true, force: true });
  }
  return live;
}

/** Whether `pid` is the VM process of box `id` (its command line names the box). */
export function isVmProcessOf(pid: number, id: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes(`a3s-box-${id}`);
  } catch {
    return false;
  }
}
