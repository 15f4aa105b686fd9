// Boxes owned by another process: `a3s-box ps` and `a3s-box stop` reach them; when their
// owner is SIGKILLed (no chance to clean up) their VMs die with it, and the sessions, kept on
// the host, come back in a new box on the same workspace.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface, type Interface } from "node:readline";
import { afterAll, beforeAll, expect, it } from "vitest";
import { A3sClient } from "../client/index";
import { Box } from "../runtime/box/box";
import { vmProcessesOf } from "./support/vm-processes";

const workspace = mkdtempSync(join(tmpdir(), "vm-owner-ws-"));
const cli = join(import.meta.dirname, "../dist/cli/main.js");
let owner: ChildProcess;
let lines: Interface;
type Agent = { address: string; token: string };
const latest = new Map<string, { state: string; vmPid?: number; agent?: Agent }>();
let boxes: { id: string; vmPid: number; agent: Agent }[] = [];

beforeAll(async () => {
  owner = spawn(process.execPath, [join(import.meta.dirname, "support/box-owner.mjs"), workspace, "2"], { stdio: ["ignore", "pipe", "inherit"] });
  lines = createInterface({ input: owner.stdout! });
  lines.on("line", (line) => {
    const event = JSON.parse(line) as { id: string; state: string; vmPid?: number; agent?: Agent };
    latest.set(event.id, { ...latest.get(event.id), ...event });
  });
  await new Promise<void>((resolve, reject) => {
    lines.on("line", () => latest.size === 2 && resolve());
    owner.on("exit", (code) => reject(new Error(`the owner exited (${code}) before its boxes were ready`)));
  });
  boxes = [...latest.entries()].map(([id, e]) => ({ id, vmPid: e.vmPid!, agent: e.agent! }));
}, 20 * 60_000);

afterAll(() => {
  if (owner.exitCode === null) owner.kill("SIGKILL");
  rmSync(workspace, { recursive: true, force: true });
});

const cliRun = (...args: string[]) => execFileSync(process.execPath, [cli, ...args], { encoding: "utf8" });

it("lists both boxes in `a3s-box ps`, and `a3s-box stop` stops one (stopped, not failed)", async () => {
  const ps = cliRun("ps");
  for (const { id } of boxes) expect(ps).toMatch(new RegExp(`^${id}\\s+ready\\s`, "m"));
  const [first] = boxes;
  expect(cliRun("stop", first!.id.slice(0, 6)).trim()).toBe(first!.id);
  await expect.poll(() => latest.get(first!.id)?.state, { timeout: 15_000 }).toBe("stopped");
  expect(vmProcessesOf(first!.id)).toEqual([]);
  expect(() => cliRun("stop", "zzzz")).toThrow(/no running box has an id starting with "zzzz"/);
});

it("kills the VM when its owner is SIGKILLed; ps forgets the box; its sessions come back in a new box", async () => {
  const second = boxes[1]!;
  const client = new A3sClient(second.agent);
  const session = await client.createSession({ system: "remember me" });
  client.close();
  expect(vmProcessesOf(second.id)).toEqual([second.vmPid]);
  owner.kill("SIGKILL");
  await expect.poll(() => vmProcessesOf(second.id), { timeout: 10_000 }).toEqual([]);
  expect(cliRun("ps")).not.toContain(second.id);

  await using box = await Box.create({ workspace, network: "none", memoryMiB: 512 });
  expect((await box.client.listSessions()).map((s) => s.id)).toContain(session);
}, 10 * 60_000);
