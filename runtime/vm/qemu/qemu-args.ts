import type { VmShare, VmSpec } from "../backend";
import { hostTscKhz } from "./host-tsc";

export type Accelerator = "kvm" | "hvf" | "tcg";

/**
 * Kernel words for a fast, quiet boot. Under TCG microvm hangs at TSC calibration, so the
 * kernel is told the TSC rate, which is the host's (else the box's clock runs fast or slow).
 */
export function kernelCommandLine(accel: Accelerator, extra: readonly string[] = [], tscKhz = hostTscKhz()): string {
  const words = ["console=ttyS0", "panic=-1", "quiet"];
  if (accel === "tcg") words.push(`tsc_early_khz=${tscKhz}`, "tsc=reliable", "no_timer_check");
  return [...words, ...extra].join(" ");
}

/** The machine: microvm, direct (PVH) kernel boot, virtio over mmio, no firmware, no display. */
export function machineArgs(options: {
  accel: Accelerator;
  kernel: string;
  initramfs: string;
  cpus: number;
  memoryMiB: number;
  /** TCG's translation cache in MiB (QEMU's default when absent: 1 GiB in QEMU 7.2). */
  tbSizeMiB?: number;
}): string[] {
  return [
    "-M", "microvm,x-option-roms=off,rtc=on,pit=on,pic=on",
    "-accel", options.accel === "tcg" && options.tbSizeMiB ? `tcg,tb-size=${options.tbSizeMiB}` : options.accel,
    "-cpu", options.accel === "tcg" ? "max" : "host",
    "-smp", String(options.cpus),
    "-m", `${options.memoryMiB}M`,
    "-nodefaults", "-no-user-config", "-nographic", "-no-reboot",
    "-serial", "stdio",
    "-kernel", options.kernel,
    "-initrd", options.initramfs,
    "-append", kernelCommandLine(options.accel),
  ];
}

/** A 9p share per folder (QEMU's option syntax doubles commas in values). */
export function shareArgs(shares: readonly VmShare[]): string[] {
  return shares.flatMap((share, i) => [
    "-fsdev", `local,security_model=none,id=fs${i},path=${share.hostPath.replaceAll(",", ",,")}${share.readOnly ? ",readonly=on" : ""}`,
    "-device", `virtio-9p-device,fsdev=fs${i},mount_tag=${share.tag}`,
  ]);
}

export function qemuArgs(spec: VmSpec, accel: Accelerator, networkArgs: readonly string[], pidFile: string, tbSizeMiB?: number): string[] {
  return [
    ...machineArgs({ accel, kernel: spec.kernel, initramfs: spec.initramfs, cpus: spec.cpus, memoryMiB: spec.memoryMiB, tbSizeMiB }),
    ...shareArgs(spec.shares),
    ...networkArgs,
    "-pidfile", pidFile,
    "-name", `a3s-box-${spec.id}`,
  ];
}
