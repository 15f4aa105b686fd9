// What hostile code in a box does to the UI's file access: swaps two names (a folder and a
// symlink leading out of the workspace) as fast as it can with renameat2(RENAME_EXCHANGE),
// so that a check of a path and its use see different trees.
import { spawn } from "node:child_process";
import { once } from "node:events";

export const SWAPPER = `
import ctypes, os, signal, sys
libc = ctypes.CDLL(None, use_errno=True)
AT_FDCWD, RENAME_EXCHANGE = -100, 2
a, b = os.fsencode(sys.argv[1]), os.fsencode(sys.argv[2])
a_is_link = os.path.islink(a)
stopping = False
def stop(*_):
    global stopping
    stopping = True
signal.signal(signal.SIGTERM, stop)
swaps = 0
print("ready", flush=True)
while not stopping:
    if libc.renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) != 0:
        raise OSError(ctypes.get_errno(), "renameat2")
    swaps += 1
# Leave the names as they were.
if os.path.islink(a) != a_is_link:
    libc.renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE)
print(swaps, flush=True)
`;

export interface SwapLoop {
  /** Stops the loop, leaving the names as they were; resolves with the number of swaps. */
  stop(): Promise<number>;
}

/** Debian's python3 (ctypes calls libc's renameat2): the pyenv shim may not be on every machine. */
export async function startSwapLoop(a: string, b: string): Promise<SwapLoop> {
  const child = spawn("/usr/bin/python3", ["-c", SWAPPER, a, b], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (part: string) => (out += part));
  while (!out.includes("ready\n")) {
    if (child.exitCode !== null) throw new Error(`the swap loop exited with ${child.exitCode}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return {
    async stop() {
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
      return Number(out.trim().split("\n").at(-1));
    },
  };
}
