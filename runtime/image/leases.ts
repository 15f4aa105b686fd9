import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { isProcessAlive } from "../../common/node/process-alive";


/**
 * Marks a root filesystem as in use by this process (a running box), so that eviction and
 * prune leave it alone. The lease dies with the process even if `release` is never called.
 */
export function takeLease(leasesDir: string, rootfsId: string): () => void {
  const path = join(leasesDir, `${rootfsId}.${process.pid}.${randomUUID()}`);
  writeFileSync(path, "");
  return () => rmSync(path, { force: true });
}

/** Root filesystem ids leased by live processes; leases of dead ones are cleared. */
export function liveLeases(leasesDir: string): Set<string> {
  const live = new Set<string>();
  for (const name of readdirSync(leasesDir)) {
    const [id, pid] = name.split(".");
    if (id && pid && isProcessAlive(Number(pid))) live.add(id);
    else rmSync(join(leasesDir, name), { force: true });
  }
  return live;
}
