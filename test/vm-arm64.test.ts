// An arm64 box on this x86_64 host: the guest built for arm64 from downloads only (Debian's
// arm64 kernel Image, busybox, tini, rootfs; the official linux-arm64 Node), booted by
// qemu-system-aarch64 (`-M virt`, software emulation), the agent reached through the same
// user-network forward, a model turn whose bash tool runs on the arm64 guest. Slow: one boot.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Box } from "../runtime/box/box";
import { ModelServer } from "./model-server/model-server";
import { reply, toolCalls } from "./model-server/script";
import { vmProcessesOf } from "./support/vm-processes";

const workspace = mkdtempSync(join(tmpdir(), "vm-arm64-ws-"));
let box: Box;
let models: ModelServer;

beforeAll(async () => {
  models = await ModelServer.start();
  box = await Box.create({
    workspace,
    arch: "arm64",
    variant: "slim",
    memoryMiB: 768,
    bootTimeoutMs: 15 * 60_000,
    env: { ...models.env(), LLM_PROVIDER: "anthropic", ANTHROPIC_API_KEY: "sk-ant-test" },
  });
}, 40 * 60_000);

afterAll(async () => {
  await box?.stop();
  await models?.stop();
  rmSync(workspace, { recursive: true, force: true });
});

it("boots an arm64 guest under qemu-system-aarch64 and runs a tool in it", async () => {
  expect(box.state).toBe("ready");
  const [pid] = vmProcessesOf(box.id);
  expect(pid).toBe(box.vmPid);
  models.script(
    toolCalls([{ name: "bash", args: { command: "uname -m; cat /proc/cpuinfo | grep -m1 -i '^CPU implementer'; echo hi > /workspace/arm64.txt", timeout_ms: 600_000 } }]),
    reply("done"),
  );
  const session = await box.client.createSession();
  const result = await box.client.generate(session, "which machine is this?");
  expect(result.text).toBe("done");
  const [output] = result.toolResults.map((r) => r.output);
  expect(output).toMatch(/^aarch64$/m);
  expect(output).toMatch(/CPU implementer/);
  expect(box.logs()).toContain("a3s-init: starting the agent");
  // Only an arm64 Linux builder can run the arm64 Node that makes the layer's code cache;
  // without one the agent's loader says so and compiles the agent.
  expect(box.logs().includes("a3s-box agent: no code cache at /opt/a3s/agent.cjs.cache; compiling the agent")).toBe(process.arch !== "arm64");
}, 20 * 60_000);

it("stops without leaving its VM process behind", async () => {
  const id = box.id;
  await box.stop();
  expect(vmProcessesOf(id)).toEqual([]);
});
