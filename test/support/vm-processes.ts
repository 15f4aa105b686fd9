import { readdirSync, readFileSync } from "node:fs";

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
 * on QEMU's command line) or over virtio-fs (QEMU's chardev names the socket of a virtiofsd
 * started with `source=<folder>`), and of those virtiofsd processes.
 */
export function processesSharing(folder: string): { vms: number[]; daemons: number[] } {
  const lines = commandLines();
  const daemons = [...lines].filter(([, args]) => args.includes(`source=${folder}`));
  const sockets = daemons.flatMap(([, args]) => args.filter((arg) => arg.startsWith("--socket-path=")).map((arg) => arg.slice("--socket-path=".length)));
  const vms = [...lines].filter(([, args]) =>
    args.some((arg) => arg.includes("qemu-system")) &&
    args.some((arg) => [folder, ...sockets].some((path) => arg.includes(`path=${path},`) || arg.endsWith(`path=${path}`))));
  return { vms: vms.map(([pid]) => pid), daemons: daemons.map(([pid]) => pid) };
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
