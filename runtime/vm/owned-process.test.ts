// The no-orphans guarantee, for real: an owner process starts a long-running child with
// spawnOwned and is then SIGKILLed; the child must die with it.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { expect, it } from "vitest";
import { isProcessAlive } from "../../common/node/process-alive";
import { ownerDeathKillsChildren } from "./owned-process";


it.runIf(process.platform === "linux")("kills the child when its owner is SIGKILLed", async () => {
  expect(ownerDeathKillsChildren()).toBe(true);
  const owner = spawn(
    process.execPath,
    [
      "--import", "tsx",
      "-e",
      `import { spawnOwned } from ${JSON.stringify(join(import.meta.dirname, "owned-process.ts"))};
       const child = spawnOwned("sleep", ["1000"], { stdio: "ignore" });
       console.log(child.pid);
       setInterval(() => {}, 1000);`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const [line] = (await once(createInterface({ input: owner.stdout! }), "line")) as [string];
  const childPid = Number(line);
  expect(isProcessAlive(childPid)).toBe(true);
  owner.kill("SIGKILL");
  await once(owner, "exit");
  const deadline = Date.now() + 5000;
  while (isProcessAlive(childPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(isProcessAlive(childPid)).toBe(false);
});
