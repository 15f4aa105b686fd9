import type { GuestArch } from "../../guest-image/guest-arch";
import type { VmShare, VmSpec } from "../backend";
import { hostTscKhz } from "./host-tsc";

export type Accelerator = "kvm" | "hvf" | "tcg";

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
  /** More kernel command-line words (e.g. a3s.vsock=CID, see guest/init/vsock-bridge). */
  kernelWords?: readonly string[];
}): string[] {
  return [
    "-M", MACHINE[options.arch ?? "x86_64"],
    "-accel", options.accel === "tcg" && options.tbSizeMiB ? `tcg,tb-size=${options.tbSizeMiB}` : options.accel,
    "-cpu", options.accel === "tcg" ? "max" : "host",
    "-smp", String(options.cpus),
    "-m", `${options.memoryMiB}M`,
    "-nodefaults", "-no-user-config", "-nographic", "-no-reboot",
    "-serial", "stdio",
    "-kernel", options.kernel,
    "-initrd", options.initramfs,
    "-append", kernelCommandLine(options.accel, options.kernelWords, undefined, options.arch),
  ];
}

/** A 9p share per folder (QEMU's option syntax doubles commas in values). */
export function shareArgs(shares: readonly VmShare[]): string[] {
  return shares.flatMap((share, i) => [
    "-fsdev", `local,security_model=none,id=fs${i},path=${share.hostPath.replaceAll(",", ",,")}${share.readOnly ? ",readonly=on" : ""}`,
    "-device", `virtio-9p-device,fsdev=fs${i},mount_tag=${share.tag}`,
  ]);
}

export function qemuArgs(
  spec: VmSpec,
  accel: Accelerator,
  networkArgs: readonly string[],
  pidFile: string,
  tbSizeMiB?: number,
  arch?: GuestArch,
  kernelWords?: readonly string[],
): string[] {
  return [
    ...machineArgs({ arch, accel, kernel: spec.kernel, initramfs: spec.initramfs, cpus: spec.cpus, memoryMiB: spec.memoryMiB, tbSizeMiB, kernelWords }),
    ...shareArgs(spec.shares),
    ...networkArgs,
    "-pidfile", pidFile,
    "-name", `a3s-box-${spec.id}`,
  ];
}
