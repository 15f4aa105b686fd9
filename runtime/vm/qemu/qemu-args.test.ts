import { expect, it } from "vitest";
import { kernelCommandLine, machineArgs, qemuArgs, shareArgs } from "./qemu-args";

it("adds the TSC words only under TCG, where microvm hangs without them, with the given TSC rate", () => {
  expect(kernelCommandLine("tcg", [], 2_095_992)).toContain("tsc_early_khz=2095992 ");
  expect(kernelCommandLine("kvm")).not.toContain("tsc");
});

it("shares folders over 9p, read-only where asked, escaping commas in paths", () => {
  const args = shareArgs([
    { tag: "a3sroot", hostPath: "/r,oot", readOnly: true },
    { tag: "a3swork", hostPath: "/work", readOnly: false },
  ]);
  expect(args).toEqual([
    "-fsdev", "local,security_model=none,multidevs=remap,id=fs0,path=/r,,oot,readonly=on",
    "-device", "virtio-9p-device,fsdev=fs0,mount_tag=a3sroot",
    "-fsdev", "local,security_model=none,multidevs=remap,id=fs1,path=/work",
    "-device", "virtio-9p-device,fsdev=fs1,mount_tag=a3swork",
  ]);
});

it("builds a microvm with the box's CPUs and memory, a pid file and the box's name", () => {
  const args = qemuArgs(
    { id: "abc", kernel: "/k", initramfs: "/i", cpus: 2, memoryMiB: 768, agentLayer: { dir: "/a", image: "/a.img" }, shares: [], network: "none", guestAgentPort: 4088, runDir: "/run", serialLogPath: "/run/serial.log" },
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
  // The agent layer is a read-only disk: a mounted 9p share would block saving a template.
  expect(args.join(" ")).toContain("-drive file=/a.img,if=none,id=agent,format=raw,readonly=on -device virtio-blk-device,drive=agent");
});

it("sets TCG's translation cache only when asked, and only under TCG", () => {
  const machine = (accel: "tcg" | "kvm", tbSizeMiB?: number) =>
    machineArgs({ accel, kernel: "/k", initramfs: "/i", cpus: 1, memoryMiB: 256, tbSizeMiB });
  const accelOf = (args: string[]) => args[args.indexOf("-accel") + 1];
  expect(accelOf(machine("tcg", 256))).toBe("tcg,tb-size=256");
  expect(accelOf(machine("tcg"))).toBe("tcg");
  expect(accelOf(machine("kvm", 256))).toBe("kvm");
});

it("boots an arm64 guest on the virt machine with its PL011 console and no x86 TSC words", () => {
  const args = machineArgs({ arch: "arm64", accel: "tcg", kernel: "/Image", initramfs: "/i", cpus: 1, memoryMiB: 512 });
  const after = (flag: string) => args[args.indexOf(flag) + 1];
  expect(after("-M")).toBe("virt");
  expect(after("-cpu")).toBe("max");
  expect(after("-append")).toBe("console=ttyAMA0 panic=-1 quiet");
});

it("adds the backend's kernel words after the boot words", () => {
  const args = machineArgs({ arch: "arm64", accel: "tcg", kernel: "/Image", initramfs: "/i", cpus: 1, memoryMiB: 512, kernelWords: ["a3s.vsock=1"] });
  expect(args[args.indexOf("-append") + 1]).toBe("console=ttyAMA0 panic=-1 quiet a3s.vsock=1");
});

it("shares a folder over virtio-fs where it has a virtiofsd socket, with guest RAM in a shared memfd and modern virtio-mmio", () => {
  const spec = {
    id: "abc", kernel: "/k", initramfs: "/i", cpus: 1, memoryMiB: 512, agentLayer: { dir: "/a", image: "/a.img" }, network: "none" as const, guestAgentPort: 4088, runDir: "/run", serialLogPath: "/run/serial.log",
    shares: [{ tag: "a3sroot", hostPath: "/root", readOnly: true }, { tag: "a3swork", hostPath: "/work", readOnly: false }],
  };
  const args = qemuArgs(spec, "tcg", [], "/run/qemu.pid", undefined, undefined, undefined, undefined, { a3swork: "/run/vfs,1.sock" }).join(" ");
  expect(args).toContain("-M microvm,x-option-roms=off,rtc=on,pit=on,pic=on,memory-backend=mem");
  expect(args).toContain("-object memory-backend-memfd,id=mem,size=512M,share=on -global virtio-mmio.force-legacy=off");
  expect(args).toContain("-device virtio-9p-device,fsdev=fs0,mount_tag=a3sroot");
  expect(args).toContain("-chardev socket,id=vfs1,path=/run/vfs,,1.sock -device vhost-user-fs-device,chardev=vfs1,tag=a3swork");
  expect(args).not.toContain("mount_tag=a3swork");
  // Without virtio-fs, guest RAM stays anonymous.
  expect(qemuArgs(spec, "tcg", [], "/run/qemu.pid").join(" ")).not.toContain("memory-backend");
});

it("puts virtio-fs on a PCIe bus of the microvm when asked, leaving the 9p shares and virtio-mmio's default alone", () => {
  const spec = {
    id: "abc", kernel: "/k", initramfs: "/i", cpus: 1, memoryMiB: 512, agentLayer: { dir: "/a", image: "/a.img" }, network: "none" as const, guestAgentPort: 4088, runDir: "/run", serialLogPath: "/run/serial.log",
    shares: [{ tag: "a3sroot", hostPath: "/root", readOnly: true }, { tag: "a3swork", hostPath: "/work", readOnly: false }],
  };
  const args = qemuArgs(spec, "tcg", [], "/run/qemu.pid", undefined, undefined, undefined, undefined, { a3swork: "/run/vfs.sock" }, "pci").join(" ");
  expect(args).toContain("-M microvm,x-option-roms=off,rtc=on,pit=on,pic=on,pcie=on,memory-backend=mem");
  expect(args).toContain("-object memory-backend-memfd,id=mem,size=512M,share=on");
  expect(args).toContain("-chardev socket,id=vfs1,path=/run/vfs.sock -device vhost-user-fs-pci,chardev=vfs1,tag=a3swork");
  expect(args).toContain("-device virtio-9p-device,fsdev=fs0,mount_tag=a3sroot");
  expect(args).not.toContain("force-legacy");
  // Boxes without virtio-fs keep the machine without PCIe.
  expect(qemuArgs(spec, "tcg", [], "/run/qemu.pid", undefined, undefined, undefined, undefined, {}, "pci").join(" ")).not.toContain("pcie");
});

it("gives a one-vCPU TCG machine with virtio-fs room for a second vCPU (QEMU 7.2 keeps the guest's memory barriers only then), and nothing else", () => {
  const vfs = { arch: "x86_64" as const, kernel: "/k", initramfs: "/i", cpus: 1, memoryMiB: 512, sharedMemory: "pci" as const };
  const smp = (args: string[]) => args[args.indexOf("-smp") + 1];
  expect(smp(machineArgs({ ...vfs, accel: "tcg" }))).toBe("1,maxcpus=2");
  expect(smp(machineArgs({ ...vfs, accel: "tcg", sharedMemory: "mmio" }))).toBe("1,maxcpus=2");
  // A second vCPU keeps them already; under KVM the CPU runs them; without virtio-fs the machine is as before.
  expect(smp(machineArgs({ ...vfs, accel: "tcg", cpus: 2 }))).toBe("2");
  expect(smp(machineArgs({ ...vfs, accel: "kvm" }))).toBe("1");
  expect(smp(machineArgs({ ...vfs, accel: "tcg", sharedMemory: undefined }))).toBe("1");
});
