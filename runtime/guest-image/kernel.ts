import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { APT_EMPTY_SYSTEM, candidateVersions, downloadDebs, unpackDeb, type DebPackage } from "./apt";
import { buildOnce, hashInputs } from "./cache";
import { run, runToFile } from "./exec";
import { DEBIAN_ARCH, type GuestArch } from "./guest-arch";

/** Built kernels are cache folders named by this prefix and a hash of their inputs. */
export const KERNEL_PREFIX = "kernel-";

/** The modules init loads, in order (file names without .ko, searched under kernel/). */
export const GUEST_MODULES = [
  "virtio_ring", "virtio", "virtio_mmio",
  // virtio-fs over PCI (QEMU's microvm with pcie=on).
  "virtio_pci_legacy_dev", "virtio_pci_modern_dev", "virtio_pci",
  "netfs", "fscache", "9pnet", "9pnet_virtio", "9p", "overlay",
  "failover", "net_failover", "virtio_net",
  // The agent layer's disk image (ext2, read by the ext4 driver).
  "virtio_blk", "crc16", "crc32c_generic", "mbcache", "jbd2", "ext4",
  // libkrun's shares and the vsock bridge (vsock_loopback: a guest's own CID 1, for tests).
  "fuse", "virtiofs", "vsock", "vmw_vsock_virtio_transport_common", "vmw_vsock_virtio_transport", "vsock_loopback",
] as const;

export interface KernelArtifact {
  dir: string;
  /** What QEMU's -kernel takes: an uncompressed vmlinux (x86_64, PVH boot) or an arm64 Image. */
  image: string;
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

/** The kernel file of each architecture in the artifact. */
const KERNEL_FILE: Record<GuestArch, string> = { x86_64: "vmlinux", arm64: "Image" };

/**
 * The bootable kernel and the virtio modules, from the kernel package of `arch`: for x86_64
 * the XZ payload of vmlinuz decompressed to a PVH-bootable vmlinux; for arm64 vmlinuz as it
 * is (Debian's is an uncompressed Image). Modules built into the kernel are left out.
 */
export async function buildKernel(cacheDir: string, pkg: DebPackage, arch: GuestArch, apt: readonly string[]): Promise<KernelArtifact> {
  const key = hashInputs("kernel/1", pkg.name, pkg.version, ...GUEST_MODULES);
  const dir = join(cacheDir, `${KERNEL_PREFIX}${key}`);
  await buildOnce(dir, async (tmp) => {
    const work = await mkdtemp(join(cacheDir, `.kernel-work-${process.pid}-`));
    try {
      const [deb] = await downloadDebs([pkg], work, apt);
      const unpacked = join(work, "root");
      await mkdir(unpacked);
      await unpackDeb(deb!, unpacked);
      const vmlinuz = (await readdir(join(unpacked, "boot"))).find((f) => f.startsWith("vmlinuz-"));
      if (!vmlinuz) throw new Error(`${pkg.name} holds no boot/vmlinuz-*`);
      const release = vmlinuz.slice("vmlinuz-".length);
      await mkdir(join(tmp, "modules"), { recursive: true });
      await extractKernel(join(unpacked, "boot", vmlinuz), arch, work, join(tmp, KERNEL_FILE[arch]));
      const modules = join(unpacked, "lib/modules", release);
      const found = await findModules(join(modules, "kernel"));
      const builtin = await readFile(join(modules, "modules.builtin"), "utf8").catch(() => "");
      for (const name of GUEST_MODULES) {
        const path = found.get(name);
        if (path) await copyFile(path, join(tmp, "modules", `${name}.ko`));
        else if (!builtin.split("\n").some((line) => line.endsWith(`/${name}.ko`))) throw new Error(`${pkg.name} lacks the module ${name}.ko`);
      }
      await writeFile(join(tmp, "release"), `${release}\n`);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
  const release = (await readFile(join(dir, "release"), "utf8")).trim();
  return { dir, image: join(dir, KERNEL_FILE[arch]), modulesDir: join(dir, "modules"), release, key };
}

async function extractKernel(vmlinuz: string, arch: GuestArch, work: string, output: string): Promise<void> {
  const image = await readFile(vmlinuz);
  if (arch === "arm64") {
    // The arm64 boot protocol's magic "ARM\x64" at offset 56.
    if (image.readUInt32LE(56) !== 0x644d5241) throw new Error(`${vmlinuz} is not an uncompressed arm64 Image`);
    await copyFile(vmlinuz, output);
    return;
  }
  const at = image.indexOf(XZ_MAGIC);
  if (at < 0) throw new Error(`${vmlinuz} has no XZ payload; only XZ-compressed kernels are supported`);
  await writeFile(join(work, "payload.xz"), image.subarray(at));
  await runToFile("xz", ["-dc", "--single-stream", join(work, "payload.xz")], output);
}

async function findModules(root: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true })) {
    const name = entry.slice(entry.lastIndexOf("/") + 1);
    if (name.endsWith(".ko")) found.set(name.slice(0, -3), join(root, entry));
  }
  return found;
}
