import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { qemuBinaryName } from "./qemu-binary";
import { attachLine, loadTemplateState, templateKey, warmLine, type TemplateInputs } from "./qemu-template";

const inputs: TemplateInputs = {
  qemuVersion: "7.2.0",
  arch: "x86_64",
  accel: "tcg",
  spec: {
    kernel: "/cache/kernel-1/vmlinux",
    initramfs: "/cache/initramfs-1/initramfs.cpio",
    cpus: 1,
    memoryMiB: 1024,
    agentLayer: { dir: "/cache/agent-1/root", image: "/cache/agent-1/agent.img" },
    shares: [{ tag: "a3swork", hostPath: "/home/me/project", readOnly: false }],
  },
};

it("names a new template whenever what fixes the guest's memory or devices changes, not for the box's own folders", () => {
  const key = templateKey(inputs);
  const changed = (spec: Partial<TemplateInputs["spec"]>, rest: Partial<TemplateInputs> = {}) => templateKey({ ...inputs, ...rest, spec: { ...inputs.spec, ...spec } });
  expect(changed({ shares: [{ tag: "a3swork", hostPath: "/elsewhere", readOnly: false }] })).toBe(key);
  for (const other of [
    changed({ initramfs: "/cache/initramfs-2/initramfs.cpio" }),
    changed({ kernel: "/cache/kernel-2/vmlinux" }),
    changed({ agentLayer: { dir: "/cache/agent-2/root", image: "/cache/agent-2/agent.img" } }),
    changed({ memoryMiB: 2048 }),
    changed({ cpus: 2 }),
    changed({ shares: [...inputs.spec.shares, { tag: "a3sstate", hostPath: "/s", readOnly: false }] }),
    changed({}, { qemuVersion: "8.2.0" }),
    changed({}, { arch: "arm64" }),
    changed({}, { tbSizeMiB: 256 }),
  ]) {
    expect(other).not.toBe(key);
  }
});

it("gives each restored box the time and 32 fresh random bytes, and nothing else", () => {
  const [a, b] = [attachLine(1_700_000_000_400), attachLine(1_700_000_000_400)];
  expect(a).toMatch(/^a3s-attach 1700000000 [0-9a-f]{64}\n$/);
  expect(a).not.toBe(b);
});

it("gives a pooled VM the time and fresh random bytes of its own when it warms up, as at a take", () => {
  const [a, b] = [warmLine("share", 1_700_000_000_400), warmLine("share", 1_700_000_000_400)];
  expect(a).toMatch(/^a3s-warm 1700000000 [0-9a-f]{64} share\n$/);
  expect(a).not.toBe(b);
});

it("a restore whose QEMU exits at its start fails at once with QEMU's words, not after the state's whole timeout", async () => {
  // QEMU makes its QMP socket, then refuses a host forward to a port in use and exits, leaving the socket file.
  const taken = createServer().listen(0, "127.0.0.1");
  await once(taken, "listening");
  const dir = mkdtempSync(join(tmpdir(), "restore-exit-"));
  const qmpSocket = join(dir, "qmp.sock");
  const port = (taken.address() as AddressInfo).port;
  const qemu = spawn(qemuBinaryName(), ["-M", "microvm", "-nodefaults", "-nographic", "-qmp", `unix:${qmpSocket},server=on,wait=off`, "-netdev", `user,id=n,hostfwd=tcp:127.0.0.1:${port}-:1`, "-device", "virtio-net-device,netdev=n"]);
  let stderr = "";
  qemu.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(qemu, "exit").then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  try {
    const loading = loadTemplateState({ dir, memory: join(dir, "memory"), state: join(dir, "state") }, qmpSocket, 60_000, { exited, serialTail: () => stderr });
    await expect(loading).rejects.toThrow(/QEMU exited with code 1 before the template's state was loaded\n.*Could not set up host forwarding rule/);
  } finally {
    qemu.kill("SIGKILL");
    taken.close();
    rmSync(dir, { recursive: true, force: true });
  }
}, 20_000);
