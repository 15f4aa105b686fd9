import { expect, it } from "vitest";
import { attachLine, templateKey, type TemplateInputs } from "./qemu-template";

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
