import { imageError } from "./errors";
import type { Descriptor, Platform } from "./manifest";

const NODE_ARCH: Record<string, string> = { x64: "amd64", arm64: "arm64", arm: "arm", ia32: "386", ppc64: "ppc64le", s390x: "s390x", riscv64: "riscv64" };

/** Boxes are Linux VMs of the host's CPU architecture, whatever the host OS. */
export function hostPlatform(): Platform {
  const architecture = NODE_ARCH[process.arch];
  if (!architecture) throw imageError(`no OCI architecture is known for this CPU (${process.arch}); pass --platform`);
  return { os: "linux", architecture, ...(architecture === "arm64" ? { variant: "v8" } : {}) };
}

export function parsePlatform(text: string): Platform {
  const [os, architecture, variant, ...extra] = text.split("/");
  if (!os || !architecture || extra.length > 0) {
    throw imageError(`invalid platform "${text}": write os/architecture[/variant], e.g. linux/arm64`);
  }
  return { os, architecture, ...(variant ? { variant } : {}) };
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join("/");
}

/** The index entry for this platform; arm64's variant v8 is the default, as in containerd. */
export function selectManifest(manifests: Descriptor[], want: Platform): Descriptor {
  const variant = (p: Platform) => p.variant ?? (p.architecture === "arm64" ? "v8" : "");
  const candidates = manifests.filter((m) => m.platform && m.platform.os === want.os && m.platform.architecture === want.architecture);
  const exact = candidates.find((m) => variant(m.platform!) === variant(want));
  const chosen = exact ?? (want.variant ? undefined : candidates[0]);
  if (!chosen) {
    const offered = manifests.filter((m) => m.platform).map((m) => formatPlatform(m.platform!));
    throw imageError(`the image has no variant for ${formatPlatform(want)}; it offers: ${offered.join(", ") || "no platforms"}`);
  }
  return chosen;
}
