// The warm pool (QEMU/TCG on Linux): boxes taken from it are full boxes on the workspace
// asked for, each VM handed out once, siblings with their own token and RNG; the refill waits
// until the box has answered; a take that fails falls back with a warning; dispose() leaves no
// QEMU and does not wait for a template being made. One pool serves the first cases; the last
// makes a template of its own.
import { statSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Box } from "../runtime/box/box";
import { checkAgentHealth } from "../runtime/vm/agent-health";
import { guestCacheDir } from "../runtime/vm/guest-artifacts";
import { VmPool } from "../runtime/vm/vm-pool";
import { ModelServer } from "./model-server/model-server";
import { SIBLING_PROBE, bashInBox, namedWorkspace } from "./helpers/sibling-boxes";
import { isRunning } from "./support/vm-processes";

const API_KEY = "sk-ant-test-key-that-no-code-in-the-box-may-see";
const scratch = mkdtempSync(join(tmpdir(), "vm-pool-"));
const poolDir = join(scratch, "pool");
const boxes: Box[] = [];
const progress: string[] = [];
let models: ModelServer;
let pool: VmPool;

const env = () => ({ ...models.env(), LLM_PROVIDER: "anthropic", ANTHROPIC_API_KEY: API_KEY });

beforeAll(async () => {
  models = await ModelServer.start();
  pool = new VmPool({ size: 1, dir: poolDir, onWarning: (m) => progress.push(`pool warning: ${m}`) });
}, 60_000);

afterAll(async () => {
  await pool?.dispose();
  await Promise.all(boxes.map((box) => box.stop()));
  await models?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const workspace = (name: string) => namedWorkspace(scratch, name);
const bash = (box: Box, command: string) => bashInBox(models, box, command);

async function create(name: string): Promise<Box> {
  const box = await Box.create({ workspace: workspace(name), pool, bootTimeoutMs: 600_000, env: env(), onProgress: (m) => progress.push(m) });
  boxes.push(box);
  return box;
}


/** Whether the box's VM is one the pool restored (pooled QEMUs are named after their pool folder). */
function fromPool(box: Box): boolean {
  return readFileSync(`/proc/${box.vmPid}/cmdline`, "utf8").includes("a3s-box-pool-");
}

/** Live processes (zombies are dead) whose command line includes every one of `words`. */
function processesNaming(...words: string[]): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const line = readFileSync(`/proc/${pid}/cmdline`, "utf8");
        return words.every((word) => line.includes(word)) && isRunning(Number(pid));
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** QEMU processes of this pool still alive. */
const poolQemus = (dir = poolDir) => processesNaming(dir);

let taken: Box[] = [];

it("gives a box taken from the warm pool its own workspace: its tools run in the guest, the host sees its writes and the box sees the host's", async () => {
  // The first box starts the usual way (nothing waits yet) and makes the pool fill.
  const first = await create("first");
  expect(fromPool(first)).toBe(false);
  // Not pooled, restored from the template (boxes with a pool have templates): the boot metric's `start` label.
  expect(first.vmStart).toBe("restored");
  await pool.settled();
  expect(poolQemus()).toHaveLength(1);

  const box = await create("one");
  expect(fromPool(box)).toBe(true);
  expect(box.vmStart).toBe("pooled");
  expect(progress.filter((m) => m.includes("warning"))).toEqual([]);
  const ws = box.options.workspace;
  const before = Math.floor(Date.now() / 1000);
  const result = await bash(box, `${SIBLING_PROBE}; uname -r; echo made-in-box > /workspace/from-box.txt`);
  expect(result.isError, result.output).toBe(false);
  expect(result.output).toContain("one.txt");
  expect(result.output).not.toContain("first.txt");
  expect(result.output).not.toContain(API_KEY);
  expect(result.output).not.toContain(box.agent.token);
  expect(Number(/clock=(\d+)/.exec(result.output)![1])).toBeGreaterThanOrEqual(before - 1);
  // Written by the guest through the bind mount in QEMU's namespace: the host's own user owns it.
  expect(readFileSync(join(ws, "from-box.txt"), "utf8")).toBe("made-in-box\n");
  expect(statSync(join(ws, "from-box.txt")).uid).toBe(process.getuid!());
  // Host edits reach the box at once (no guest cache), through the app's file calls too.
  writeFileSync(join(ws, "one.txt"), "edited on the host\n");
  expect((await box.client.readFile("one.txt")).content).toBe("edited on the host\n");
  expect((await bash(box, "cat /workspace/one.txt")).output).toContain("edited on the host");
  taken = [box];
}, 40 * 60_000);

it("never hands out one VM twice: two takes are two VMs, each with its own token, RNG and sessions", async () => {
  await pool.settled();
  const two = await create("two");
  expect(fromPool(two)).toBe(true);
  expect(two.vmStart).toBe("pooled");
  const [one] = taken as [Box];
  expect(two.vmPid).not.toBe(one.vmPid);
  expect(two.agent.address).not.toBe(one.agent.address);
  expect(two.agent.token).not.toBe(one.agent.token);
  await expect(checkAgentHealth(two.agent.address, one.agent.token, 10_000)).rejects.toThrow();
  const [a, b] = [await bash(one, SIBLING_PROBE), await bash(two, SIBLING_PROBE)];
  expect(b.output).toContain("two.txt");
  expect(b.output).not.toContain("one.txt");
  expect(/rng=([0-9a-f]{32})/.exec(a.output)![1]).not.toBe(/rng=([0-9a-f]{32})/.exec(b.output)![1]);
  expect(a.session).not.toBe(b.session);
}, 20 * 60_000);

it("refills the pool only once the box it gave a VM to has answered, so that the refill's restore does not compete with the box's attach", async () => {
  // Full already after the cases above; filled here when this case runs alone.
  await Box.fillPool({ pool, env: env() });
  const before = readdirSync(poolDir);
  const running = boxes.filter(fromPool).map((box) => box.vmPid);
  const [waiting] = poolQemus().filter((pid) => !running.includes(pid));
  const folder = /a3s-box-pool-([0-9a-f]+)/.exec(readFileSync(`/proc/${waiting}/cmdline`, "utf8"))![1]!;
  const serial = join(poolDir, folder, "serial.log");
  // The agent prints `listening` on the console just before it answers its first call (guest/agent/main.ts).
  let refillSeen = false;
  let refillBeforeAnswer = false;
  const watch = setInterval(() => {
    // The folder first: a refill seen here began before this look at the console.
    const refilling = readdirSync(poolDir).some((name) => !before.includes(name));
    const answered = /^listening /m.test(readFileSync(serial, "utf8"));
    refillSeen ||= refilling;
    refillBeforeAnswer ||= refilling && !answered;
  }, 10);
  try {
    const box = await create("refill");
    expect(fromPool(box)).toBe(true);
    await pool.settled();
    // Before the stop removes the taken VM's folder, whose console the watch reads.
    clearInterval(watch);
    await box.stop();
    boxes.splice(boxes.indexOf(box), 1);
  } finally {
    clearInterval(watch);
  }
  expect(refillSeen).toBe(true);
  expect(refillBeforeAnswer).toBe(false);
  // The refill left one VM waiting again.
  expect(poolQemus().filter((pid) => !running.includes(pid))).toHaveLength(1);
}, 20 * 60_000);

it("falls back with a warning, never an error, when the pooled VM cannot be given the box", async () => {
  await pool.settled();
  // Break the waiting VM's mount point for the workspace: the bind into its namespace fails.
  const running = boxes.filter(fromPool).map((box) => box.vmPid);
  const [waiting] = poolQemus().filter((pid) => !running.includes(pid));
  const folder = /a3s-box-pool-([0-9a-f]+)/.exec(readFileSync(`/proc/${waiting}/cmdline`, "utf8"))![1]!;
  rmSync(join(poolDir, folder, "shares", "2", "share"), { recursive: true });
  const box = await create("fallback");
  expect(fromPool(box)).toBe(false);
  expect(box.vmStart).toBe("restored");
  expect(progress.some((m) => m.includes("could not be given box") && m.includes("starting it another way"))).toBe(true);
  expect((await bash(box, "ls /workspace")).output).toContain("fallback.txt");
}, 20 * 60_000);

it("kills every waiting VM on dispose(), leaving no QEMU of the pool", async () => {
  await pool.settled();
  const running = boxes.filter(fromPool).map((box) => box.vmPid);
  expect(poolQemus().filter((pid) => !running.includes(pid))).toHaveLength(1);
  await pool.dispose();
  expect(poolQemus().filter((pid) => !running.includes(pid))).toEqual([]);
  // A disposed pool hands out nothing: the next box starts the usual way.
  expect(fromPool(await create("after"))).toBe(false);
  await Promise.all(boxes.splice(0).map((box) => box.stop()));
  expect(poolQemus()).toEqual([]);
}, 20 * 60_000);

it("does not wait for a template being made on dispose(), and a box waiting for that template meanwhile is restored from it", async () => {
  // A kind no other test uses (704 MiB): its template is made now, while the pool and a box wait for it.
  const dir = join(scratch, "pool-of-new-kind");
  const spare = new VmPool({ size: 1, dir, onWarning: (m) => progress.push(`pool warning: ${m}`) });
  const options = { memoryMiB: 704, bootTimeoutMs: 600_000, env: env() };
  const seen: string[] = [];
  const filling = Box.fillPool({ ...options, pool: spare, onProgress: (m) => seen.push(m) });
  const templateVm = () => processesNaming("a3s-box-template-", "704M\0");
  await expect.poll(templateVm, { timeout: 600_000, interval: 250 }).toHaveLength(1);
  const [template] = templateVm() as [number];
  const key = /a3s-box-template-([0-9a-f]+)/.exec(readFileSync(`/proc/${template}/cmdline`, "utf8"))![1]!;
  try {
    const creating = Box.create({ ...options, workspace: workspace("waits"), pool: spare, onProgress: (m) => seen.push(m) });
    await spare.dispose();
    await filling;
    // Its making goes on (the template VM still boots): dispose() did not wait for it.
    expect(isRunning(template)).toBe(true);
    expect(poolQemus(dir)).toEqual([]);
    // The box made the template once with the pool (one build per process), then was restored from it.
    const box = await creating;
    boxes.push(box);
    expect(box.logs()).toContain("a3s-mark resumed");
    expect(seen.filter((m) => m.includes("warning"))).toEqual([]);
    expect((await bash(box, "ls /workspace")).output).toContain("waits.txt");
    await box.stop();
    expect(poolQemus(dir)).toEqual([]);
    expect(isRunning(template)).toBe(false);
  } finally {
    rmSync(join(guestCacheDir(), "templates", key), { recursive: true, force: true });
  }
}, 30 * 60_000);
