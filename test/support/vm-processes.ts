import { readdirSync, readFileSync, readlinkSync, statSync } from "node:fs";

/** Pids of VM processes on this host whose command line names the box (`-name a3s-box-<id>`). */
export function vmProcessesOf(id: string): number[] {
  return [...commandLines()].filter(([, args]) => args.includes(`a3s-box-${id}`)).map(([pid]) => pid);
}

/** Live processes' command lines by pid (zombies and processes gone meanwhile left out). */
function commandLines(): Map<number, string[]> {
  const lines = new Map<number, string[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${entry}/stat`, "utf8"))) continue;
      lines.set(Number(entry), readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0"));
    } catch {
      // gone meanwhile
    }
  }
  return lines;
}

/**
 * Pids of QEMU processes that share this host folder with their guest: over 9p (`path=<folder>`
 * on QEMU's command line), over virtio-fs (QEMU's chardev names the socket of a virtiofsd
 * started with `source=<folder>`) or, for a VM from the warm pool, over 9p through a bind
 * mount of the folder inside QEMU's own mount namespace; and of those virtiofsd processes.
 */
export function processesSharing(folder: string): { vms: number[]; daemons: number[] } {
  const lines = commandLines();
  const daemons = [...lines].filter(([, args]) => args.includes(`source=${folder}`));
  const sockets = daemons.flatMap(([, args]) => args.filter((arg) => arg.startsWith("--socket-path=")).map((arg) => arg.slice("--socket-path=".length)));
  const vms = [...lines].filter(([pid, args]) =>
    args.some((arg) => arg.includes("qemu-system")) &&
    (args.some((arg) => [folder, ...sockets].some((path) => arg.includes(`path=${path},`) || arg.endsWith(`path=${path}`))) || mountsInOwnNamespace(pid, folder)));
  return { vms: vms.map(([pid]) => pid), daemons: daemons.map(([pid]) => pid) };
}

/** Whether process `pid` has a mount namespace other than this process's with `folder` mounted in it (the same file: device and inode). */
function mountsInOwnNamespace(pid: number, folder: string): boolean {
  try {
    if (readlinkSync(`/proc/${pid}/ns/mnt`) === readlinkSync("/proc/self/ns/mnt")) return false;
    const wanted = statSync(folder);
    // Paths under /proc/PID/root resolve in that process's mount namespace.
    return readFileSync(`/proc/${pid}/mountinfo`, "utf8")
      .split("\n")
      .map((line) => line.split(" ")[4])
      .filter((point): point is string => point !== undefined)
      .some((point) => {
        const seen = statSync(`/proc/${pid}/root${point.replace(/\\(\d{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)))}`, { throwIfNoEntry: false });
        return seen?.dev === wanted.dev && seen.ino === wanted.ino;
      });
  } catch {
    return false; // gone meanwhile
  }
}

/** Whether a process with this pid exists (a zombie counts until it is reaped). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether a process with this pid runs (a zombie does not). */
export function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}
