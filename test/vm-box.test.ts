// A real box: QEMU (TCG here) booting the guest kernel with our initramfs, the agent on the
// host's Node inside, reached over the user-network forward with the box's token. One boot
// serves every assertion of this file.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { A3sError } from "../common/errors";
import { Box } from "../runtime/box/box";
import { boxDir } from "../runtime/box/box-registry";
import { checkAgentHealth } from "../runtime/vm/agent-health";
import { vmProcessesOf } from "./support/vm-processes";

const workspace = mkdtempSync(join(tmpdir(), "vm-box-ws-"));
const cli = join(import.meta.dirname, "../dist/cli/main.js");
let box: Box;

beforeAll(async () => {
  box = await Box.create({ workspace, memoryMiB: 512, env: { ANTHROPIC_API_KEY: "sk-test-never-in-the-guest" } });
}, 20 * 60_000);

afterAll(async () => {
  await box?.stop();
  rmSync(workspace, { recursive: true, force: true });
});

it("boots to an agent that answers HealthCheck through the forward, with the box's token", async () => {
  expect(box.state).toBe("ready");
  expect(box.agent.address).toMatch(/^127\.0\.0\.1:\d+$/);
  await checkAgentHealth(box.agent.address, box.agent.token, 5000);
  expect(box.logs()).toContain("a3s-init: starting the agent");
});

it("shows up in `a3s-box ps`", () => {
  const ps = execFileSync(process.execPath, [cli, "ps"], { encoding: "utf8" });
  expect(ps).toMatch(new RegExp(`^${box.id}\\s+ready\\s+qemu\\s+llm\\s+${process.pid}\\s`, "m"));
});

it("turns failed, with the reason, when its VM process is killed; stopping then leaves no trace", async () => {
  const [pid] = vmProcessesOf(box.id);
  expect(pid).toBe(box.vmPid);
  process.kill(pid!, "SIGKILL");
  await expect.poll(() => box.state, { timeout: 10_000 }).toBe("failed");
  expect(A3sError.is(box.failure, "VM_FAILED")).toBe(true);
  expect(box.failure!.message).toMatch(/was killed by SIGKILL/);
  await box.stop();
  await box.stop();
  expect(vmProcessesOf(box.id)).toEqual([]);
  expect(existsSync(boxDir(box.id))).toBe(false);
  expect(box.logs()).toContain("a3s-init: starting the agent");
});

it("refuses a missing workspace before booting anything", async () => {
  const missing = join(workspace, "missing");
  await expect(Box.create({ workspace: missing })).rejects.toThrow(`the workspace ${missing} does not exist`);
});
