import { copyFile, mkdir, mkdtemp, rm, symlink, lstat } from "node:fs/promises";
import { join } from "node:path";
import { downloadDebs, unpackDeb, type DebPackage } from "./apt";
import { buildOnce, hashInputs } from "./cache";
import { configureRootfs } from "./configure-rootfs";
import type { GuestArch } from "./guest-arch";

export interface RootfsArtifact {
  dir: string;
  key: string;
  packages: number;
}

/**
 * The default root filesystem (see rootfs-variants.ts): Debian packages and their
 * dependencies unpacked (no maintainer scripts run) over merged-/usr symlinks, with the files
 * those scripts would have made that the tools need (configure-rootfs.ts).
 */
export async function buildRootfs(
  cacheDir: string,
  arch: GuestArch,
  packages: readonly DebPackage[],
  apt: readonly string[],
  onProgress: (message: string) => void,
): Promise<RootfsArtifact> {
  // Versions are often the same on both architectures; x86_64's key predates arm64 guests.
  const key = hashInputs("rootfs/3", ...(arch === "x86_64" ? [] : [arch]), ...packages.map((p) => `${p.name}=${p.version}`));
  const dir = join(cacheDir, `rootfs-${key}`);
  await buildOnce(dir, async (tmp) => {
    const work = await mkdtemp(join(cacheDir, `.rootfs-work-${process.pid}-`));
    try {
      onProgress(`downloading ${packages.length} Debian packages for the root filesystem`);
      const debs = await downloadDebs(packages, work, apt);
      onProgress(`unpacking ${debs.length} packages`);
      for (const d of ["usr/bin", "usr/sbin", "usr/lib", "usr/lib64", "etc", "root", "tmp", "workspace", "proc", "sys", "dev", "run", "var/tmp"]) {
        await mkdir(join(tmp, d), { recursive: true });
      }
      for (const [link, target] of [["bin", "usr/bin"], ["sbin", "usr/sbin"], ["lib", "usr/lib"], ["lib64", "usr/lib64"]] as const) {
        await symlink(target, join(tmp, link));
      }
      for (const deb of debs) await unpackDeb(deb, tmp);
      if (!(await exists(join(tmp, "usr/bin/sh")))) await symlink("bash", join(tmp, "usr/bin/sh"));
      // Documentation is most of the size and no tool needs it.
      for (const d of ["doc", "man", "info"]) await rm(join(tmp, "usr/share", d), { recursive: true, force: true });
      await copyFile(join(tmp, "usr/share/base-passwd/passwd.master"), join(tmp, "etc/passwd"));
      await copyFile(join(tmp, "usr/share/base-passwd/group.master"), join(tmp, "etc/group"));
      await configureRootfs(tmp);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
  return { dir, key, packages: packages.length };
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(() => true, () => false);
}
