import { cp, mkdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { A3sError, ErrorCodes } from "../../common/errors";
import type { Mount } from "./cri-types";

/**
 * Puts a container's files into its sandbox's share: a copy of the image's root filesystem
 * (never links: the share is writable from the VM, the image store's files must not be) and
 * a copy of each CRI mount's host path. They are assembled in `staging`, outside the share,
 * and renamed into it at once, so the host never writes through a path the guest could have
 * changed. Returns the mounts as the guest sees them, relative to the container's folder.
 */
export async function stageContainerFiles(options: {
  staging: string;
  share: string;
  containerId: string;
  rootfsDir: string;
  mounts: Mount[];
}): Promise<{ source: string; target: string; readOnly: boolean }[]> {
  const folder = join(options.staging, options.containerId);
  await mkdir(folder, { recursive: true, mode: 0o755 });
  try {
    await cp(options.rootfsDir, join(folder, "rootfs"), { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    const mounts = [];
    for (const [index, mount] of options.mounts.entries()) {
      if (!mount.containerPath.startsWith("/")) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `mount ${index}: the container path "${mount.containerPath}" must be absolute`);
      const source = await stat(mount.hostPath).catch(() => undefined);
      if (!source) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `mount ${mount.containerPath}: the host path ${mount.hostPath} does not exist`);
      await cp(mount.hostPath, join(folder, "mounts", String(index)), { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
      mounts.push({ source: `mounts/${index}`, target: mount.containerPath, readOnly: mount.readonly });
    }
    await rename(folder, join(options.share, options.containerId));
    return mounts;
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}
