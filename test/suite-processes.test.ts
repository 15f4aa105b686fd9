// The suite's leak check (test/setup/leak-check.ts) finds exactly the processes that carry its
// marker, and every process a test starts carries it.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { afterEach, expect, it } from "vitest";
import { childEnv } from "./helpers/child-env";
import { processesMarked, SUITE_MARKER } from "./support/suite-processes";

const started: ChildProcess[] = [];
afterEach(async () => {
  for (const child of started.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await once(child, "exit");
    }
  }
});

function sleeper(env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn("sleep", ["300"], { env, stdio: "ignore" });
  started.push(child);
  return child;
}

it("marks the processes a test starts, with an inherited or a test's own environment", () => {
  const marker = process.env[SUITE_MARKER];
  expect(marker).toMatch(/^[0-9a-f-]{36}$/);
  const inherited = sleeper(process.env);
  const own = sleeper(childEnv());
  const pids = processesMarked(`${SUITE_MARKER}=${marker}`).map((p) => p.pid);
  expect(pids).toEqual(expect.arrayContaining([inherited.pid, own.pid]));
});

it("finds only live processes with the marker, never others", async () => {
  const entry = `${SUITE_MARKER}=another-suite`;
  const other = sleeper({ PATH: process.env["PATH"], [SUITE_MARKER]: "another-suite" });
  const unmarked = sleeper({ PATH: process.env["PATH"] });
  const found = processesMarked(entry);
  expect(found).toEqual([{ pid: other.pid, parent: process.pid, command: "sleep 300" }]);
  expect(found.map((p) => p.pid)).not.toContain(unmarked.pid);
  other.kill("SIGKILL");
  await once(other, "exit");
  expect(processesMarked(entry)).toEqual([]);
});
