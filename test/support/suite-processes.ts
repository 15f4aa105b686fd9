import { readdirSync, readFileSync } from "node:fs";

/** The environment variable that marks the processes of one test suite (test/setup/leak-check.ts). */
export const SUITE_MARKER = "A3S_TEST_SUITE";

/** Live processes whose environment holds `entry` (NAME=value), with their parents and command lines. */
export function processesMarked(entry: string): Array<{ pid: number; parent: number; command: string }> {
  const found: Array<{ pid: number; parent: number; command: string }> = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // /proc/PID/stat: pid (comm) state ppid …; comm may hold spaces and parentheses.
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const [state, parent] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (state === "Z") continue;
      if (!readFileSync(`/proc/${name}/environ`, "utf8").split("\0").includes(entry)) continue;
      found.push({ pid: Number(name), parent: Number(parent), command: readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0").join(" ").trim() });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}
