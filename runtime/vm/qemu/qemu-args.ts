import type { GuestArch } from "../../guest-image/guest-arch";
import type { VmShare, VmSpec } from "../backend";
import { hostTscKhz } from "./host-tsc";

export type Accelerator = "kvm" | "hvf" | "tcg";

/**
 * How a virtio-fs device reaches the guest: `mmio`, microvm's virtio-mmio (modern), or `pci`,
 * a PCIe host bridge added to the microvm (`pcie=on`, found by the guest through ACPI).
 */
export type VirtiofsTransport = "mmio" | "pci";

/**
 * Kernel words for a fast, quiet boot. Under TCG x86_64's microvm hangs at TSC calibration, so
 * the kernel is told the TSC rate, which is the host's (else the box's clock runs fast or slow).
 * arm64's console is the virt machine's PL011.
 */
export function kernelCommandLine(accel: Accelerator, extra: readonly string[] = [], tscKhz?: number, arch: GuestArch = "x86_64"): string {
  if (arch === "arm64") return ["console=ttyAMA0", "panic=-1", "quiet", ...extra].join(" ");
  const words = ["console=ttyS0", "panic=-1", "quiet"];
  if (accel === "tcg") words.push(`tsc_early_khz=${tscKhz ?? hostTscKhz()}`, "tsc=reliable", "no_timer_check");
  return [...words, ...extra].join(" ");
}

/** QEMU's machine for each guest architecture: virtio over mmio, no firmware, no display. */
const MACHINE: Record<GuestArch, string> = {
  // Direct (PVH) boot of the vmlinux.
  x86_64: "microvm,x-option-roms=off,rtc=on,pit=on,pic=on",
  // Direct boot of the Image (QEMU's own boot stub); the virt machine has virtio-mmio slots.
  arm64: "virt",
};

/** The machine: direct kernel boot of the guest's architecture, with the box's CPUs and memory. */
export function machineArgs(options: {
  arch?: GuestArch;
  accel: Accelerator;
  kernel: string;
  initramfs: string;
  cpus: number;
  memoryMiB: number;
  /** TCG's translation cache in MiB (QEMU's default when absent: 1 GiB in QEMU 7.2). */
  tbSizeMiB?: number;
  /** Guest RAM in this file (templates: see qemu-template.ts); else anonymous memory. */
  memory?: TemplateMemory;
  /** Guest RAM in a shared memfd, which vhost-user devices (virtio-fs) need to map, and their transport. */
  sharedMemory?: VirtiofsTransport;
  /** More kernel command-line words (e.g. a3s.vsock=CID, see guest/init/vsock-bridge). */
  kernelWords?: readonly string[];
}): string[] {
  const { memory, sharedMemory } = options;
  const arch = options.arch ?? "x86_64";
  return [
    // arm64's virt machine has its PCIe bus always.
    "-M", `${MACHINE[arch]}${sharedMemory === "pci" && arch === "x86_64" ? ",pcie=on" : ""}${memory || sharedMemory ? ",memory-backend=mem" : ""}`,
    ...(memory ? ["-object", `memory-backend-file,id=mem,size=${options.memoryMiB}M,mem-path=${memory.path.replaceAll(",", ",,")},share=${memory.shared ? "on" : "off"}`] : []),
    ...(sharedMemory && !memory ? ["-object", `memory-backend-memfd,id=mem,size=${options.memoryMiB}M,share=on`] : []),
    // libvhost-user (virtiofsd) refuses legacy virtio, microvm's default for virtio-mmio.
    ...(sharedMemory === "mmio" && !memory ? ["-global", "virtio-mmio.force-legacy=off"] : []),
    "-accel", options.accel === "tcg" && options.tbSizeMiB ? `tcg,tb-size=${options.tbSizeMiB}` : options.accel,
    "-cpu", options.accel === "tcg" ? "max" : "host",
    // QEMU 7.2's TCG drops a guest's memory barriers when the machine can have only one vCPU;
    // virtiofsd, another process, then misses the guest's ring updates (a completion goes
    // unsignalled, the share hangs for good: docs/vm.md). Room for a second vCPU keeps them
    // (upstream keeps them always since 2023: "tcg: Do not elide memory barriers for !CF_PARALLEL").
    "-smp", options.accel === "tcg" && sharedMemory && options.cpus === 1 ? "1,maxcpus=2" : String(options.cpus),
    "-m", `${options.memoryMiB}M`,
    "-nodefaults", "-no-user-config", "-nographic", "-no-reboot",
    "-serial", "stdio",
    "-kernel", options.kernel,
    "-initrd", options.initramfs,
    "-append", kernelCommandLine(options.accel, [...(memory ? [TEMPLATE_KERNEL_WORD] : []), ...(options.kernelWords ?? [])], undefined, arch),
  ];
}

/**
 * Guest RAM of a template VM: `shared` while the template is made (its RAM is the file, so the
 * save skips it: QEMU's x-ignore-shared), a private copy-on-write mapping of it in each box
 * restored from it.
 */
export interface TemplateMemory {
  path: string;
  shared: boolean;
}

/** Tells the guest's attach step to wait for the attach line on the console (guest/init/attach). */
export const TEMPLATE_KERNEL_WORD = "a3s.template";

/** The agent layer's image as the guest's first disk (/dev/vda), read-only. */
export function agentDiskArgs(image: string): string[] {
  return [
    "-drive", `file=${image.replaceAll(",", ",,")},if=none,id=agent,format=raw,readonly=on`,
    "-device", "virtio-blk-device,drive=agent",
  ];
}

/**
 * A device per shared folder: virtio-fs (over `transport`) where `virtiofsSockets` names a
 * virtiofsd socket for its tag, else 9p (QEMU's option syntax doubles commas in values).
 * `multidevs=remap`: a 9p share may span file systems (a pooled VM's folders are bind mounts
 * below its export roots), and inode numbers of two file systems must not collide in the guest.
 */
export function shareArgs(shares: readonly VmShare[], virtiofsSockets: Readonly<Record<string, string>> = {}, transport: VirtiofsTransport = "mmio"): string[] {
  return shares.flatMap((share, i) => {
    const socket = virtiofsSockets[share.tag];
    return socket
      ? ["-chardev", `socket,id=vfs${i},path=${socket.replaceAll(",", ",,")}`, "-device", `vhost-user-fs-${transport === "pci" ? "pci" : "device"},chardev=vfs${i},tag=${share.tag}`]
      : [
          "-fsdev", `local,security_model=none,multidevs=remap,id=fs${i},path=${share.hostPath.replaceAll(",", ",,")}${share.readOnly ? ",readonly=on" : ""}`,
          "-device", `virtio-9p-device,fsdev=fs${i},mount_tag=${share.tag}`,
        ];
  });
}

export function qemuArgs(
  spec: VmSpec,
  accel: Accelerator,
  networkArgs: readonly string[],
  pidFile: string,
  tbSizeMiB?: number,
  arch?: GuestArch,
  memory?: TemplateMemory,
  kernelWords?: readonly string[],
  virtiofsSockets: Readonly<Record<string, string>> = {},
  virtiofsTransport: VirtiofsTransport = "mmio",
): string[] {
  const sharedMemory = Object.keys(virtiofsSockets).length > 0 ? virtiofsTransport : undefined;
  return [
    ...machineArgs({ arch, accel, kernel: spec.kernel, initramfs: spec.initramfs, cpus: spec.cpus, memoryMiB: spec.memoryMiB, tbSizeMiB, memory, sharedMemory, kernelWords }),
    ...agentDiskArgs(spec.agentLayer.image),
    ...shareArgs(spec.shares, virtiofsSockets, virtiofsTransport),
    ...networkArgs,
    "-pidfile", pidFile,
    "-name", `a3s-box-${spec.id}`,
  ];
}
