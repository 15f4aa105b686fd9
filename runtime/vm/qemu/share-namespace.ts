import { spawnSync } from "node:child_process";
import { runProcess } from "../../../common/node/run-process";

/**
 * A pooled QEMU runs in its own unprivileged user and mount namespace (util-linux `unshare`),
 * with each 9p export root a folder of its own holding one empty mount point. A box's folders
 * are bind-mounted onto those mount points only when the box is assigned, inside QEMU's mount
 * namespace (`nsenter`): QEMU fixes its export roots at start, but its local fsdev walks into
 * whatever is mounted below them. The binds are invisible outside the namespace and die with
 * it (QEMU is its only process), and QEMU keeps the user's own uid (`--map-root-user`).
 */
export const NAMESPACE_COMMAND = ["unshare", "--user", "--map-root-user", "--mount", "--propagation", "private", "--"] as const;

/** The mount point inside each export root of a pooled VM; the guest mounts this subfolder. */
export const SLOT_MOUNT_POINT = "share";

let usable: string | undefined | null = null;

/**
 * Why pooled VMs cannot run here, or undefined when they can: Linux with util-linux's
 * `unshare` and `nsenter`, and user namespaces allowed (probed once by running `unshare true`).
 */
export function namespaceUnavailable(): string | undefined {
  if (usable !== null) return usable;
  if (process.platform !== "linux") return (usable = `the warm pool needs Linux (user and mount namespaces); this is ${process.platform}`);
  const probe = spawnSync(NAMESPACE_COMMAND[0], [...NAMESPACE_COMMAND.slice(1), "nsenter", "--version"], { stdio: ["ignore", "ignore", "pipe"], timeout: 10_000 });
  if (probe.error || probe.status !== 0) {
    const why = probe.error ? probe.error.message : probe.stderr.toString().trim() || `exit code ${probe.status}`;
    return (usable = `the warm pool needs unprivileged user namespaces and util-linux's unshare and nsenter (${why})`);
  }
  return (usable = undefined);
}

/** Bind-mounts each `source` onto its `target` inside the mount namespace of process `pid` (started through NAMESPACE_COMMAND). */
export async function bindInNamespace(pid: number, binds: ReadonlyArray<{ source: string; target: string }>): Promise<void> {
  const args = ["--target", String(pid), "--user", "--mount", "--preserve-credentials", "--", "sh", "-c", 'while [ $# -gt 0 ]; do mount --bind -- "$1" "$2" || exit 1; shift 2; done', "sh"];
  for (const { source, target } of binds) args.push(source, target);
  const outcome = await runProcess({ file: "nsenter", args, timeoutMs: 30_000 });
  if (outcome.exitCode !== 0) throw new Error(`cannot bind the box's folders into its VM's namespace: ${(outcome.stderr || outcome.stdout).trim() || `nsenter ${outcome.signal ?? outcome.exitCode}`}`);
}
