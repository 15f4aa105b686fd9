import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { A3sError, ErrorCodes } from "../../common/errors";
import { parseGuestBuildLine, type GuestArtifacts } from "../../common/guest-build";
import { hostGuestArch, type GuestArch } from "../guest-image/guest-arch";
import { DEFAULT_ROOTFS_VARIANT, type RootfsVariant } from "../guest-image/rootfs-variants";
import { nodeChild } from "../node-child";
import { pulledGuest } from "./guest-oci";
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
   * architecture (`a3s-box guest pull`; what a host without apt does). Default: build where
   * apt is, else pulled.
   */
  source?: "build" | "pulled";
  /** Which default rootfs to build too (default `developer`), or `false` for none. */
  rootfs?: RootfsVariant | false;
  onProgress?: (message: string) => void;
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
  if ((options.source ?? (canBuildGuests() ? "build" : "pulled")) === "pulled") return usePulledGuest(cacheDir, arch, rootfs);
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
  const path = (process.env["PATH"] ?? "").split(":");
  return process.platform === "linux" && ["apt-get", "dpkg-deb"].every((tool) => path.some((dir) => dir && existsSync(join(dir, tool))));
}

async function usePulledGuest(cacheDir: string, arch: GuestArch, rootfs: RootfsVariant | false): Promise<GuestArtifacts> {
  const pulled = await pulledGuest(cacheDir, arch);
  const how = canBuildGuests() ? `build one with \`a3s-box guest build --arch ${arch}\` or pull` : "this host cannot build one (that needs Debian or Ubuntu with apt); pull";
  if (!pulled) throw new A3sError(ErrorCodes.VM_UNAVAILABLE, `no guest for ${arch} is here: ${how} a prebuilt one with \`a3s-box guest pull REF\``);
  if (rootfs !== false && !pulled.rootfs) throw new A3sError(ErrorCodes.VM_UNAVAILABLE, `the guest pulled for ${arch} has no default root filesystem; give the box an image or pull a guest pushed with one`);
  return pulled;
}

/**
 * Whether the guest artifacts are built, without building anything: the artifacts, or what
 * is missing. Rejects when they cannot even be resolved here (no apt, say).
 */
export async function checkGuestArtifacts(cacheDir = guestCacheDir(), arch = hostGuestArch()): Promise<{ artifacts: GuestArtifacts } | { missing: string }> {
  return runImageBuilder(cacheDir, arch, DEFAULT_ROOTFS_VARIANT, undefined, ["--check"]).then(
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

function runImageBuilder(cacheDir: string, arch: GuestArch, rootfs: RootfsVariant | false, onProgress?: (message: string) => void, extra: string[] = []): Promise<GuestArtifacts> {
  for (const [what, path] of [["the guest image builder", imageBuilderPath], ["the agent bundle", agentBundlePath]] as const) {
    if (!existsSync(path)) {
      return Promise.reject(new A3sError(ErrorCodes.VM_UNAVAILABLE, `${what} is missing at ${path}; run \`npm run build\` first`));
    }
  }
  const args = ["--cache", cacheDir, "--agent", agentBundlePath, "--skills", builtinSkillsDir, "--init-dir", guestInitDir, "--arch", arch];
  args.push(...(rootfs === false ? ["--no-rootfs"] : ["--rootfs-variant", rootfs]));
  args.push(...extra);
  const builder = nodeChild(imageBuilderPath, args);
  const child = spawn(builder.command, builder.args, { stdio: ["ignore", "pipe", "pipe"], env: builder.env });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    let artifacts: GuestArtifacts | undefined;
    let failure: string | undefined;
    let missing: string | undefined;
    createInterface({ input: child.stdout }).on("line", (line) => {
      const event = parseGuestBuildLine(line);
      if (event?.event === "progress") onProgress?.(event.message);
      else if (event?.event === "done") artifacts = event.artifacts;
      else if (event?.event === "error") failure = event.message;
      else if (event?.event === "missing") missing = event.message;
    });
    child.on("error", (error) => reject(new A3sError(ErrorCodes.VM_UNAVAILABLE, `cannot run the guest image builder: ${error.message}`)));
    child.on("close", (code) => {
      if (artifacts && code === 0) resolve(artifacts);
      else if (missing) reject(new MissingArtifacts(missing));
      else {
        const why = failure ?? (stderr.trim() || `exit code ${code}`);
        reject(new A3sError(ErrorCodes.VM_UNAVAILABLE, `cannot build the guest (kernel, initramfs, agent layer, rootfs): ${why}`));
      }
    });
  });
}
