import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { APT_EMPTY_SYSTEM, candidateVersions, downloadDebs, unpackDeb, type DebPackage } from "./apt";
import { buildOnce, hashInputs } from "./cache";
import { run, runToFile } from "./exec";
import { DEBIAN_ARCH, type GuestArch } from "./guest-arch";

/** The modules init loads, in order (file names without .ko, searched under kernel/). */
export const GUEST_MODULES = [
  "virtio_ring", "virtio", "virtio_mmio",
  "netfs", "fscache", "9pnet", "9pnet_virtio", "9p", "overlay",
  "failover", "net_failover", "virtio_net",
  // The agent layer's disk image (ext2, read by the ext4 driver).
  "virtio_blk", "crc16", "crc32c_generic", "mbcache", "jbd2", "ext4",
] as const;

export interface KernelArtifact {
  dir: string;
  vmlinux: string;
  modulesDir: string;
  release: string;
  key: string;
}

const XZ_MAGIC = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);

/** The distribution's current kernel package for `arch` (linux-image-amd64 or -arm64 names it). */
export async function kernelPackage(arch: GuestArch, apt: readonly string[]): Promise<DebPackage> {
  const debian = DEBIAN_ARCH[arch].name;
  const depends = await run("apt-cache", [...APT_EMPTY_SYSTEM, ...apt, "depends", `linux-image-${debian}`]);
  const image = new RegExp(`Depends: (linux-image-\\d\\S*-${debian})`).exec(depends)?.[1];
  if (!image) throw new Error(`linux-image-${debian} does not name a kernel package (run \`apt-get update\`?)`);
  const [pkg] = await candidateVersions([image], apt);
  return pkg!;
}

/** vmlinux (decompressed, PVH-bootable) and the virtio modules, from the kernel package. */
export async function buildKernel(cacheDir: string, pkg: DebPackage): Promise<KernelArtifact> {
  const key = hashInputs("kernel/1", pkg.name, pkg.version, ...GUEST_MODULES);
  const dir = join(cacheDir, `kernel-${key}`);
  await buildOnce(dir, async (tmp) => {
    const work = await mkdtemp(join(cacheDir, `.kernel-work-${process.pid}-`));
    try {
      const [deb] = await downloadDebs([pkg], work);
      const unpacked = join(work, "root");
      await mkdir(unpacked);
      await unpackDeb(deb!, unpacked);
      const vmlinuz = (await readdir(join(unpacked, "boot"))).find((f) => f.startsWith("vmlinuz-"));
      if (!vmlinuz) throw new Error(`${pkg.name} holds no boot/vmlinuz-*`);
      const release = vmlinuz.slice("vmlinuz-".length);
      const image = await readFile(join(unpacked, "boot", vmlinuz));
      const at = image.indexOf(XZ_MAGIC);
      if (at < 0) throw new Error(`${vmlinuz} has no XZ payload; only XZ-compressed kernels are supported`);
      await writeFile(join(work, "payload.xz"), image.subarray(at));
      await mkdir(join(tmp, "modules"), { recursive: true });
      await runToFile("xz", ["-dc", "--single-stream", join(work, "payload.xz")], join(tmp, "vmlinux"));
      const moduleRoot = join(unpacked, "lib/modules", release, "kernel");
      const found = await findModules(moduleRoot);
      for (const name of GUEST_MODULES) {
        const path = found.get(name);
        if (!path) throw new Error(`${pkg.name} lacks the module ${name}.ko`);
        await copyFile(path, join(tmp, "modules", `${name}.ko`));
      }
      await writeFile(join(tmp, "release"), `${release}\n`);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
  const release = (await readFile(join(dir, "release"), "utf8")).trim();
  return { dir, vmlinux: join(dir, "vmlinux"), modulesDir: join(dir, "modules"), release, key };
}

async function findModules(root: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true })) {
    const name = entry.slice(entry.lastIndexOf("/") + 1);
    if (name.endsWith(".ko")) found.set(name.slice(0, -3), join(root, entry));
  }
  return found;
}
