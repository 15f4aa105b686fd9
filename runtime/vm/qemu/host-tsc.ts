import { readFileSync } from "node:fs";

/** What the host says about its TSC: the sysfs value some kernels export, and /proc/cpuinfo. */
export interface TscSources {
  sysfsKhz?: string;
  cpuinfo?: string;
}

/**
 * The host's TSC frequency in kHz. Under TCG the guest's TSC is the host's (QEMU reads the
 * host's counter), so the guest kernel must be told this value: a wrong `tsc_early_khz` makes
 * every box's clock run fast or slow by the same ratio.
 * "cpu MHz" is the kernel's TSC rate unless the CPU reports APERF/MPERF (then it is the current
 * core frequency, and only Intel's brand string "@ 2.10GHz" still names the TSC rate).
 */
export function parseHostTscKhz(sources: TscSources): number | undefined {
  const sysfs = Number(sources.sysfsKhz?.trim());
  if (Number.isInteger(sysfs) && sysfs > 0) return sysfs;
  const first = sources.cpuinfo?.split(/\n\s*\n/)[0] ?? "";
  const field = (name: string) => new RegExp(`^${name}\\s*:\\s*(.*)$`, "m").exec(first)?.[1];
  const flags = new Set((field("flags") ?? "").split(/\s+/));
  const mhz = Number(field("cpu MHz"));
  if (!flags.has("aperfmperf") && mhz > 0) return Math.round(mhz * 1000);
  const brand = /@\s*(\d+(?:\.\d+)?)\s*GHz/i.exec(field("model name") ?? "");
  if (brand) return Math.round(Number(brand[1]) * 1_000_000);
  return mhz > 0 ? Math.round(mhz * 1000) : undefined;
}

let cached: number | undefined;

/** This host's TSC rate in kHz (x86-64 hosts; read once). */
export function hostTscKhz(): number {
  cached ??=
    parseHostTscKhz({
      sysfsKhz: readOrUndefined("/sys/devices/system/cpu/cpu0/tsc_freq_khz"),
      cpuinfo: readOrUndefined("/proc/cpuinfo"),
    }) ?? FALLBACK_TSC_KHZ;
  return cached;
}

/** Used where the host names no TSC rate (non-Linux or non-x86 hosts). */
export const FALLBACK_TSC_KHZ = 2_000_000;

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}
