import { readdirSync, readFileSync } from "node:fs";

/** Pids of VM processes on this host whose command line names the box (`-name a3s-box-<id>`). */
export function vmProcessesOf(id: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (/^\d+ \(.*\) Z/.test(stat)) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").includes(`a3s-box-${id}`)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
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
