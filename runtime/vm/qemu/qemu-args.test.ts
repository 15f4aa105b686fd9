import { expect, it } from "vitest";
import { kernelCommandLine, qemuArgs, shareArgs } from "./qemu-args";
import { qemuNetworkArgs } from "./qemu-network";

it("adds the TSC words only under TCG, where microvm hangs without them", () => {
  expect(kernelCommandLine("tcg")).toContain("tsc_early_khz=2000000");
  expect(kernelCommandLine("kvm")).not.toContain("tsc");
});

it("shares folders over 9p, read-only where asked, escaping commas in paths", () => {
  const args = shareArgs([
    { tag: "a3sroot", hostPath: "/r,oot", readOnly: true },
    { tag: "a3swork", hostPath: "/work", readOnly: false },
  ]);
  expect(args).toEqual([
    "-fsdev", "local,security_model=none,id=fs0,path=/r,,oot,readonly=on",
    "-device", "virtio-9p-device,fsdev=fs0,mount_tag=a3sroot",
    "-fsdev", "local,security_model=none,id=fs1,path=/work",
    "-device", "virtio-9p-device,fsdev=fs1,mount_tag=a3swork",
  ]);
});

it("builds a microvm with the box's CPUs and memory, a pid file and the box's name", () => {
  const args = qemuArgs(
    { id: "abc", kernel: "/k", initramfs: "/i", cpus: 2, memoryMiB: 768, shares: [], network: "none", guestAgentPort: 4088, runDir: "/run", serialLogPath: "/run/serial.log" },
    "tcg",
    [],
    "/run/qemu.pid",
  );
  const after = (flag: string) => args[args.indexOf(flag) + 1];
  expect(after("-M")).toMatch(/^microvm,/);
  expect(after("-smp")).toBe("2");
  expect(after("-m")).toBe("768M");
  expect(after("-pidfile")).toBe("/run/qemu.pid");
  expect(after("-name")).toBe("a3s-box-abc");
  expect(args).toContain("-no-reboot");
});

it("isolates the guest unless the policy is full, and forwards the gateway under llm", () => {
  const llm = qemuNetworkArgs({ policy: "llm", gatewayPort: 5000, hostForwards: [{ hostPort: 6000, guestPort: 4088 }] })[1]!;
  expect(llm).toContain("restrict=on");
  expect(llm).toContain("guestfwd=tcp:10.0.2.100:80-tcp:127.0.0.1:5000");
  expect(llm).toContain("hostfwd=tcp:127.0.0.1:6000-:4088");
  const none = qemuNetworkArgs({ policy: "none", hostForwards: [{ hostPort: 6000, guestPort: 4088 }] })[1]!;
  expect(none).toContain("restrict=on");
  expect(none).not.toContain("guestfwd");
  expect(qemuNetworkArgs({ policy: "full", gatewayPort: 5000, hostForwards: [] })[1]).toContain("restrict=off");
  expect(() => qemuNetworkArgs({ policy: "llm", hostForwards: [] })).toThrow(/gateway's port/);
});
