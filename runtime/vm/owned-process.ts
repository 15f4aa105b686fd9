import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

let setprivPath: string | null | undefined;

/**
 * Spawns a process that dies with this one, even when this one is SIGKILLed: on Linux the
 * child is started through util-linux's `setpriv --pdeathsig KILL`, which sets
 * PR_SET_PDEATHSIG and execs the program (same pid, nothing left in between). Call it from
 * the thread that lives as long as the owner (the kernel signals when that thread exits).
 */
export function spawnOwned(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  const setpriv = findSetpriv();
  return setpriv
    ? spawn(setpriv, ["--pdeathsig", "KILL", "--", command, ...args], options)
    : spawn(command, args, options);
}

/** Whether children die with their owner here (Linux with util-linux's setpriv). */
export function ownerDeathKillsChildren(): boolean {
  return findSetpriv() !== null;
}

function findSetpriv(): string | null {
  if (setprivPath !== undefined) return setprivPath;
  setprivPath = null;
  if (process.platform !== "linux") return null;
  for (const dir of (process.env["PATH"] ?? "/usr/bin:/bin").split(delimiter).concat(["/usr/bin", "/bin"])) {
    try {
      accessSync(join(dir, "setpriv"), constants.X_OK);
      setprivPath = join(dir, "setpriv");
      break;
    } catch {
      // not here
    }
  }
  return setprivPath;
}
