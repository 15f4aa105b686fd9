import { readdirSync, readFileSync } from "node:fs";

/** The environment variable that marks the processes of one test suite (test/setup/leak-check.ts). */
export const SUITE_MARKER = "A3S_TEST_SUITE";

/** Live processes whose environment holds `entry` (NAME=value), with their command lines. */
export function processesMarked(entry: string): Array<{ pid: number; command: string }> {
  const found: Array<{ pid: number; command: string }> = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${name}/stat`, "utf8"))) continue;
      if (!readFileSync(`/proc/${name}/environ`, "utf8").split("\0").includes(entry)) continue;
      found.push({ pid: Number(name), command: readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0").join(" ").trim() });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}
