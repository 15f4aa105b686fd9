/**
 * The guest image builder's output, its one contract with the runtime: the builder
 * (runtime/guest-image/main.ts, a child process) writes one event per line on stdout, and
 * runtime/vm/guest-artifacts.ts reads them back.
 */

/** The guest architectures A3S Box builds for. */
export type GuestArch = "x86_64" | "arm64";

/** What a finished build gives: paths in the guest cache. */
export interface GuestArtifacts {
  arch: GuestArch;
  /** The kernel for direct boot: a PVH vmlinux (x86_64) or an Image (arm64). */
  kernel: string;
  kernelRelease: string;
  initramfs: string;
  /** Same kernel's floor: an init that powers off at once (probe, benchmark). */
  floorInitramfs: string;
  /** Mounted read-only at /opt/a3s: Node runtime + agent, as a folder (krun's share)… */
  agentLayer: string;
  /** …and as a read-only ext2 disk image (QEMU: a disk does not block snapshots, a 9p share does). */
  agentImage: string;
  /** The default root filesystem (absent when not requested). */
  rootfs?: string;
}

export type GuestBuildEvent =
  /** `fraction`: how far the build is, 0..1, by its steps (a rough guide, not a time estimate). */
  | { event: "progress"; message: string; fraction?: number }
  | { event: "done"; artifacts: GuestArtifacts }
  /** With --check: the first artifact that would have to be built (exit code 3). */
  | { event: "missing"; message: string }
  | { event: "error"; message: string };

export function guestBuildLine(event: GuestBuildEvent): string {
  return `${JSON.stringify(event)}\n`;
}

const PATHS = ["kernel", "kernelRelease", "initramfs", "floorInitramfs", "agentLayer", "agentImage"] as const;

function isArtifacts(value: unknown): value is GuestArtifacts {
  if (typeof value !== "object" || value === null) return false;
  const a = value as Record<string, unknown>;
  return (
    (a["arch"] === "x86_64" || a["arch"] === "arm64") &&
    PATHS.every((key) => typeof a[key] === "string" && a[key] !== "") &&
    (a["rootfs"] === undefined || typeof a["rootfs"] === "string")
  );
}

/** One line of the builder's output as an event; undefined for anything else (stray output, a malformed event). */
export function parseGuestBuildLine(line: string): GuestBuildEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const { event, message, artifacts, fraction } = value as { event?: unknown; message?: unknown; artifacts?: unknown; fraction?: unknown };
  if (event === "done") return isArtifacts(artifacts) ? { event, artifacts } : undefined;
  if (event === "progress" && typeof message === "string" && fraction !== undefined) {
    return typeof fraction === "number" && fraction >= 0 && fraction <= 1 ? { event, message, fraction } : undefined;
  }
  if ((event === "progress" || event === "missing" || event === "error") && typeof message === "string") return { event, message };
  return undefined;
}
