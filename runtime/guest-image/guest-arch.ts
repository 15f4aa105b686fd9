/** The guest architectures A3S Box builds for, with the names each ecosystem gives them. */
import type { GuestArch } from "../../common/guest-build";

export type { GuestArch };

export const GUEST_ARCHES: readonly GuestArch[] = ["x86_64", "arm64"];

/** Debian's architecture name (dpkg --print-architecture) and its multiarch triplet. */
export const DEBIAN_ARCH: Record<GuestArch, { name: string; triplet: string }> = {
  x86_64: { name: "amd64", triplet: "x86_64-linux-gnu" },
  arm64: { name: "arm64", triplet: "aarch64-linux-gnu" },
};

/** This host's architecture as a guest architecture (the default guest). */
export function hostGuestArch(arch: string = process.arch): GuestArch {
  if (arch === "x64") return "x86_64";
  if (arch === "arm64") return "arm64";
  throw new Error(`no guest architecture for a ${arch} host; build with --arch x86_64 or --arch arm64`);
}

export function parseGuestArch(value: string): GuestArch {
  if (value === "x86_64" || value === "amd64" || value === "x64") return "x86_64";
  if (value === "arm64" || value === "aarch64") return "arm64";
  throw new Error(`unknown guest architecture "${value}": use x86_64 or arm64`);
}
