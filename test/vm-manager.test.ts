import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { A3sError } from "../common/errors";
import { HostProcessBackend } from "./support/host-process-backend";
import { isAlive } from "./support/vm-processes";
import { agentBundlePath } from "../runtime/paths";
import { checkAgentHealth } from "../runtime/vm/agent-health";
import { VmManager, type VmState } from "../runtime/vm/vm-manager";

const root = mkdtempSync(join(tmpdir(), "vm-manager-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const agent = new HostProcessBackend((port) => [process.execPath, agentBundlePath, "--listen", `127.0.0.1:${port}`]);
const spec = (id: string) => ({
  id, kernel: "-", initramfs: "-", cpus: 1, memoryMiB: 256, agentLayer: { dir: "-", image: "-" }, shares: [], network: "none" as const, guestAgentPort: 0, runDir: join(root, id),
});

it("goes created → booting → ready → stopping → stopped; stop and destroy are idempotent", async () => {
  const states: VmState[] = [];
  const manager = new VmManager({ readiness: checkAgentHealth, onStateChange: (vm) => states.push(vm.state) });
  const vm = manager.create(agent, spec("a"));
  expect(vm.state).toBe("created");
  await vm.apply({ type: "start" });
  expect(vm.state).toBe("ready");
  expect(vm.logs()).toMatch(/listening 127\.0\.0\.1:\d+/);
  const pid = vm.pid!;
  await Promise.all([vm.stop(), vm.stop()]);
  await vm.stop();
  expect(isAlive(pid)).toBe(false);
  await vm.destroy();
  await vm.destroy();
  expect(states).toEqual(["booting", "ready", "stopping", "stopped"]);
  expect(existsSync(join(root, "a"))).toBe(false);
  expect(manager.get("a")).toBeUndefined();
  await expect(vm.start()).rejects.toThrow(/cannot start from state stopped/);
});

it("detects a VM process that dies and reports why", async () => {
  const manager = new VmManager({ readiness: checkAgentHealth });
  const vm = manager.create(agent, spec("b"));
  await vm.start();
  process.kill(vm.pid!, "SIGKILL");
  await expect.poll(() => vm.state).toBe("failed");
  expect(A3sError.is(vm.failure, "VM_FAILED")).toBe(true);
  expect(vm.failure!.message).toMatch(/was killed by SIGKILL[\s\S]*listening/);
  await vm.destroy();
});

it("fails a boot that does not become ready in time, with the serial log's tail, and leaves no process", async () => {
  const silent = new HostProcessBackend(() => [process.execPath, "-e", "console.log('kernel: stuck at TSC calibration'); setInterval(() => {}, 1000)"]);
  const manager = new VmManager({ readiness: checkAgentHealth, bootTimeoutMs: 1500 });
  const vm = manager.create(silent, spec("c"));
  const error = await vm.start().then(() => undefined, (e: unknown) => e);
  expect(A3sError.is(error, "VM_BOOT_FAILED")).toBe(true);
  expect((error as Error).message).toMatch(/not ready within 2 s[\s\S]*stuck at TSC calibration/);
  expect(vm.state).toBe("failed");
  expect(isAlive(silent.launched[0]!)).toBe(false);
  await vm.destroy();
});

it("refuses two VMs with one id", () => {
  const manager = new VmManager({ readiness: checkAgentHealth });
  manager.create(agent, spec("d"));
  expect(() => manager.create(agent, spec("d"))).toThrow(/exists already/);
});
