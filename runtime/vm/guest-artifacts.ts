import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join, relative } from "node:path";
import { createInterface } from "node:readline";
import { A3sError, ErrorCodes } from "../../common/errors";
import { parseGuestBuildLine, type GuestArtifacts } from "../../common/guest-build";
import { hostGuestArch, type GuestArch } from "../guest-image/guest-arch";
import { leaseGuestEntries } from "../guest-image/current-guest";
import { KERNEL_PREFIX } from "../guest-image/kernel";
import { DEFAULT_ROOTFS_VARIANT, type RootfsVariant } from "../guest-image/rootfs-variants";
import { nodeChild } from "../node-child";
import { hasPulledGuest, pulledGuest } from "./guest-oci";
import { agentBundlePath, builtinSkillsDir, guestInitDir, imageBuilderPath } from "../paths";

export type { GuestArtifacts };

/** The per-user cache of guest artifacts: $A3S_BOX_CACHE, $XDG_CACHE_HOME/a3s-box or ~/.cache/a3s-box. */
export function guestCacheDir(): string {
  const explicit = process.env["A3S_BOX_CACHE"];
  if (explicit) return explicit;
  const xdg = process.env["XDG_CACHE_HOME"];
  return join(xdg && xdg.startsWith("/") ? xdg : join(homedir(), ".cache"), "a3s-box");
}

export interface EnsureGuestOptions {
  cacheDir?: string;
  /** The guest's architecture (default: this host's). */
  arch?: GuestArch;
  /**
   * `build` them (what a Debian/Ubuntu host does), or use the guest last `pulled` for the
   * architecture (`a3s-box guest pull`; what a host without apt does). Default: the pulled
   * guest when one was pulled for the architecture, else build where apt is, else pulled.
   */
  source?: "build" | "pulled";
  /** Which default rootfs to build too (default `developer`), or `false` for none. */
  rootfs?: RootfsVariant | false;
  /** `fraction`: how far the build is (0..1), by the builder's steps. */
  onProgress?: (message: string, fraction?: number) => void;
  /** Stops the build: the builder and everything it started are killed; rejects with CANCELLED. */
  signal?: AbortSignal;
}

const memo = new Map<string, Promise<GuestArtifacts>>();

/**
 * The guest artifacts, built on first use (and whenever their inputs change) by the guest
 * image builder, which caches them by a hash of their inputs. Progress arrives as messages.
 */
export function ensureGuestArtifacts(options: EnsureGuestOptions = {}): Promise<GuestArtifacts> {
  const cacheDir = options.cacheDir ?? guestCacheDir();
  const rootfs = options.rootfs ?? DEFAULT_ROOTFS_VARIANT;
  const arch = options.arch ?? hostGuestArch();
  const source = options.source ?? (hasPulledGuest(cacheDir, arch) || !canBuildGuests() ? "pulled" : "build");
  if (source === "pulled") return usePulledGuest(cacheDir, arch, rootfs);
  // A build that can be cancelled is its caller's own: others must not share it.
  if (options.signal) return runImageBuilder(cacheDir, arch, rootfs, options.onProgress, [], options.signal);
  const key = `${cacheDir}\0${rootfs}\0${arch}`;
  let result = memo.get(key);
  if (!result) {
    result = runImageBuilder(cacheDir, arch, rootfs, options.onProgress);
    memo.set(key, result);
    result.catch(() => memo.delete(key));
  }
  return result;
}

/** Whether this host can build guests: Linux with apt and dpkg-deb (Debian, Ubuntu). */
export function canBuildGuests(): boolean {
  return guestBuildBlocker() === undefined;
}

/** Why this host cannot build guests, naming what it lacks; undefined when it can. */
export function guestBuildBlocker(): string | undefined {
  if (process.platform !== "linux") return `building a guest needs Debian or Ubuntu with apt, and this host runs ${process.platform}`;
  const path = (process.env["PATH"] ?? "").split(":");
  const lacking = ["apt-get", "dpkg-deb"].filter((tool) => !path.some((dir) => dir && existsSync(join(dir, tool))));
  return lacking.length === 0 ? undefined : `building a guest needs Debian or Ubuntu with apt, and ${lacking.join(" and ")} ${lacking.length === 1 ? "is" : "are"} not on this host's PATH`;
}

async function usePulledGuest(cacheDir: string, arch: GuestArch, rootfs: RootfsVariant | false): Promise<GuestArtifacts> {
  const pulled = await pulledGuest(cacheDir, arch);
  const how = canBuildGuests() ? `build one with \`a3s-box guest build --arch ${arch}\` or pull` : "this host cannot build one (that needs Debian or Ubuntu with apt); pull";
  if (!pulled) throw new A3sError(ErrorCodes.VM_UNAVAILABLE, `no guest for ${arch} is here: ${how} a prebuilt one with \`a3s-box guest pull REF\``);
  if (rootfs !== false && !pulled.rootfs) throw new A3sError(ErrorCodes.VM_UNAVAILABLE, `the guest pulled for ${arch} has no default root filesystem; give the box an image or pull a guest pushed with one`);
  leaseGuestEntries(cacheDir, [relative(cacheDir, dirname(pulled.kernel))]);
  return pulled;
}

/**
 * Whether the cache holds no built kernel at all: then no guest is built, which is known at
 * once, while the builder's check resolves every package first (minutes under load).
 */
export async function nothingBuilt(cacheDir = guestCacheDir()): Promise<boolean> {
  const entries = await readdir(cacheDir).catch(() => [] as string[]);
  return !entries.some((entry) => entry.startsWith(KERNEL_PREFIX));
}

/**
 * Whether the guest artifacts are built, without building anything: the artifacts, or what
 * is missing. Rejects when they cannot even be resolved here (no apt, say).
 */
export async function checkGuestArtifacts(cacheDir = guestCacheDir(), arch = hostGuestArch(), signal?: AbortSignal): Promise<{ artifacts: GuestArtifacts } | { missing: string }> {
  return runImageBuilder(cacheDir, arch, DEFAULT_ROOTFS_VARIANT, undefined, ["--check"], signal).then(
    (artifacts) => ({ artifacts }),
    (error: unknown) => {
      if (error instanceof MissingArtifacts) return { missing: error.what };
      throw error;
    },
  );
}

class MissingArtifacts extends Error {
  constructor(readonly what: string) {
    super(what);
  }
}

function runImageBuilder(
  cacheDir: string,
  arch: GuestArch,
  rootfs: RootfsVariant | false,
  onProgress?: EnsureGuestOptions["onProgress"],
  extra: string[] = [],
  signal?: AbortSignal,
): Promise<GuestArtifacts> {
  if (signal?.aborted) return Promise.reject(cancelled());
  for (const [what, path] of [["the guest image builder", imageBuilderPath], ["the agent bundle", agentBundlePath]] as const) {
    if (!existsSync(path)) {
      return Promise.reject(new A3sError(ErrorCodes.VM_UNAVAILABLE, `${what} is missing at ${path}; run \`npm run build\` first`));
    }
  }
  const args = ["--cache", cacheDir, "--agent", agentBundlePath, "--skills", builtinSkillsDir, "--init-dir", guestInitDir, "--arch", arch, "--lease-pid", String(process.pid)];
  args.push(...(rootfs === false ? ["--no-rootfs"] : ["--rootfs-variant", rootfs]));
  args.push(...extra);
  const builder = nodeChild(imageBuilderPath, args);
  // In its own process group, so a cancel kills what it started too (apt-get, dpkg-deb, xz).
  const child = spawn(builder.command, builder.args, { stdio: ["ignore", "pipe", "pipe"], env: builder.env, detached: signal !== undefined });
  const killGroup = () => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // the group has already exited
    }
  };
  // The builder first, with SIGTERM: it gives the cache's build lock back as it exits (else the
  // next build or pull would wait for the lock to go stale); then all it started, with its group.
  const kill = () => {
    if (child.exitCode !== null || child.signalCode !== null) return killGroup();
    const force = setTimeout(killGroup, 3_000).unref();
    child.once("exit", () => {
      clearTimeout(force);
      killGroup();
    });
    try {
      process.kill(child.pid!, "SIGTERM");
    } catch {
      killGroup();
    }
  };
  signal?.addEventListener("abort", kill, { once: true });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    let artifacts: GuestArtifacts | undefined;
    let failure: string | undefined;
    let missing: string | undefined;
    createInterface({ input: child.stdout }).on("line", (line) => {
      const event = parseGuestBuildLine(line);
      if (event?.event === "progress") onProgress?.(event.message, event.fraction);
      else if (event?.event === "done") artifacts = event.artifacts;
      else if (event?.event === "error") failure = event.message;
      else if (event?.event === "missing") missing = event.message;
    });
    child.on("error", (error) => reject(new A3sError(ErrorCodes.VM_UNAVAILABLE, `cannot run the guest image builder: ${error.message}`)));
    child.on("close", (code) => {
      signal?.removeEventListener("abort", kill);
      if (signal?.aborted) reject(cancelled());
      else if (artifacts && code === 0) resolve(artifacts);
      else if (missing) reject(new MissingArtifacts(missing));
      else {
        const why = failure ?? (stderr.trim() || `exit code ${code}`);
        reject(new A3sError(ErrorCodes.VM_UNAVAILABLE, `cannot build the guest (kernel, initramfs, agent layer, rootfs): ${why}`));
      }
    });
  });
}

function cancelled(): A3sError {
  return new A3sError(ErrorCodes.CANCELLED, "the guest builder was stopped");
}
