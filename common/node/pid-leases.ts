import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { isProcessAlive } from "./process-alive";

/**
 * Marks `id` (a root filesystem, a guest artifact) as in use by process `pid`, so that eviction
 * and prune leave it alone: a file `ID.PID.UUID` in `leasesDir`. The lease dies with the process
 * even if `release` is never called.
 */
export function takeLease(leasesDir: string, id: string, pid = process.pid): () => void {
  mkdirSync(leasesDir, { recursive: true });
  const path = join(leasesDir, `${id}.${pid}.${randomUUID()}`);
  writeFileSync(path, "");
  return () => rmSync(path, { force: true });
}

/** The ids leased by live processes; leases of dead ones are cleared. Ids may hold dots. */
export function liveLeases(leasesDir: string): Set<string> {
  const live = new Set<string>();
  for (const name of readdirSync(leasesDir)) {
    const match = /^(.+)\.(\d+)\.[^.]+$/.exec(name);
    if (match && isProcessAlive(Number(match[2]))) live.add(match[1]!);
    else rmSync(join(leasesDir, name), { force: true });
  }
  return live;
}
