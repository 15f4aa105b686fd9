// Tools under limits in a real box (QEMU/TCG): every tool process runs in a cgroup of its
// session with pids.max and memory.max, and timeout or cancel kill the whole cgroup. A fork
// bomb and a memory hog end that tool call with a clear error; a `setsid` child dies with its
// call; the agent and its other sessions keep working. One boot serves every case.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import type { ToolResult } from "../common/chunks";
import { Box } from "../runtime/box/box";
import { ModelServer } from "./model-server/model-server";
import { reply, toolCalls } from "./model-server/script";

const workspace = mkdtempSync(join(tmpdir(), "vm-limits-ws-"));
const TOOL_PROCESSES = 200;
const TOOL_MEMORY_MIB = 256;
let box: Box;
let models: ModelServer;
/** The session of the last attack: it must keep working too. */
let attacked: string | undefined;

beforeAll(async () => {
  models = await ModelServer.start();
  box = await Box.create({
    workspace,
    toolLimits: { processes: TOOL_PROCESSES, memoryMiB: TOOL_MEMORY_MIB },
    // Software emulation on a shared 2-core machine: a boot can take minutes under load.
    bootTimeoutMs: 900_000,
    env: { ...models.env(), LLM_PROVIDER: "anthropic", ANTHROPIC_API_KEY: "sk-test" },
  });
}, 20 * 60_000);

afterAll(async () => {
  await box?.stop();
  await models?.stop();
  rmSync(workspace, { recursive: true, force: true });
});

const bash = (command: string, timeout_ms = 300_000) => ({ name: "bash", args: { command, timeout_ms } });

async function turn(session: string, ...calls: Array<{ name: string; args: Record<string, unknown> }>): Promise<ToolResult[]> {
  models.script(toolCalls(calls), reply("done"));
  const result = await box.client.generate(session, "go");
  expect(result.text).toBe("done");
  return result.toolResults;
}

async function attack(...calls: Array<{ name: string; args: Record<string, unknown> }>): Promise<ToolResult[]> {
  attacked = await box.client.createSession();
  return turn(attacked, ...calls);
}

// After each attack: the attacked session and a new one both still run commands.
afterEach(async () => {
  for (const session of [attacked!, await box.client.createSession()]) {
    const [r] = await turn(session, bash("echo alive"));
    expect(r).toMatchObject({ isError: false, output: "alive\nexit code: 0" });
  }
}, 10 * 60_000);

/**
 * A command that leaves a child in a session of its own (`setsid`, as a daemon does), which
 * says so with `<marker>.ready` in the workspace and then sleeps; the command waits for that,
 * then sleeps too.
 */
const detached = (marker: string) =>
  `python3 -c 'import os, time; os.setsid(); open("/workspace/${marker}.ready", "w").close(); time.sleep(600)' >/dev/null 2>&1 </dev/null & ` +
  `until [ -e /workspace/${marker}.ready ]; do sleep 0.2; done; sleep 600`;

/** How many processes whose command line names `marker` run in the tools' namespace. */
async function survivors(marker: string): Promise<string> {
  const [r] = await turn(await box.client.createSession(), bash(`sleep 2; ps -eo args | grep -c '[${marker[0]}]${marker.slice(1)}' || true`));
  return r!.output;
}

it("kills a setsid child with its command on timeout", async () => {
  const marker = "survivor-after-timeout";
  const [r] = await attack(bash(detached(marker), 60_000));
  expect(r!.isError, r!.output).toBe(true);
  expect(r!.output).toMatch(/timed out after 60000 ms/);
  // The child had left the process group before the timeout.
  expect(existsSync(join(workspace, `${marker}.ready`))).toBe(true);
  expect(await survivors(marker)).toBe("0\nexit code: 0");
}, 10 * 60_000);

it("kills a setsid child with its command on cancel", async () => {
  const marker = "survivor-after-cancel";
  attacked = await box.client.createSession();
  // No reply after the tool call: the cancelled turn never asks for one.
  models.script(toolCalls([bash(detached(marker))]));
  for await (const chunk of box.client.stream(attacked, "go")) {
    if (chunk.type !== "tool-call") continue;
    await expect.poll(() => existsSync(join(workspace, `${marker}.ready`)), { timeout: 300_000 }).toBe(true);
    await box.client.cancel(attacked);
  }
  expect(await survivors(marker)).toBe("0\nexit code: 0");
}, 10 * 60_000);

it("ends a memory hog's call with a clear error naming the memory limit", async () => {
  const [r] = await attack(bash(`python3 -c "
b = []
while True: b.append(b'x' * (16 << 20))"`));
  expect(r!.isError, r!.output).toBe(true);
  expect(r!.output).toContain(`memory limit of ${TOOL_MEMORY_MIB} MiB`);
}, 10 * 60_000);

it("ends a fork bomb's call with a clear error naming the process limit", async () => {
  // Ended by the limit, not by the command's timeout (whose error would not name it).
  const [r] = await attack(bash(":(){ :|:& };:"));
  expect(r!.isError, r!.output).toBe(true);
  expect(r!.output).toContain(`process limit of ${TOOL_PROCESSES}`);
}, 10 * 60_000);
