import { existsSync } from "node:fs";
import { chmod, copyFile, cp, lstat, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { AGENT_BUNDLE, AGENT_LOADER } from "../../common/agent-files";
import { downloadDebs, unpackDeb, type DebPackage } from "./apt";
import { buildOnce, hashFile, hashInputs } from "./cache";
import { makeCodeCache } from "./code-cache";
import { run } from "./exec";
import { DEBIAN_ARCH, type GuestArch } from "./guest-arch";
import type { GuestNode } from "./guest-node";

export interface AgentLayerArtifact {
  /** The layer as a folder (shared as `a3sagent` where the backend has no disks: krun). */
  dir: string;
  /** The same files as a read-only ext2 disk image (QEMU): a mounted 9p share would block snapshots. */
  image: string;
  key: string;
}

/** The Debian packages whose libraries the official Node binary links against. */
export const NODE_RUNTIME_PACKAGES = ["libc6", "libgcc-s1", "libstdc++6"] as const;
/** socat (bin/socat) joins vsock to TCP for krun guests (guest/init/vsock-bridge); its libraries come with it. */
export const LAYER_PACKAGES = [...NODE_RUNTIME_PACKAGES, "socat"] as const;

export interface AgentLayerInputs {
  node: GuestNode;
  /** LAYER_PACKAGES and what they depend on, resolved for the guest's architecture. */
  runtimeDebs: readonly DebPackage[];
  /** apt's options for the guest's architecture (aptFor). */
  apt: readonly string[];
  /** The agent bundle, with its loader (agent-loader.cjs) beside it. */
  agent: string;
  skills: string;
}

/**
 * The agent layer, mounted read-only at /opt/a3s in every box: the guest's Node (bin/node)
 * and socat (bin/socat) with the libraries they need (lib/, the loader as lib/ld.so), so they
 * run on any rootfs; the
 * bundled agent with its loader and, where the builder can run the guest's Node, V8's code
 * cache of it (code-cache.ts); the built-in skills (skills/). Built for the guest's
 * architecture from downloads; nothing else of it runs on the builder. `bin/a3s-node` runs
 * that Node from any program (A3S_NODE in the agent's environment names it), e.g. skills' scripts.
 */
export async function buildAgentLayer(cacheDir: string, arch: GuestArch, inputs: AgentLayerInputs): Promise<AgentLayerArtifact> {
  const skillFiles = await filesUnder(inputs.skills);
  const loader = join(dirname(inputs.agent), AGENT_LOADER);
  const hashes = await Promise.all([inputs.agent, loader, ...skillFiles].map((file) => hashFile(file)));
  const skillNames = skillFiles.map((file) => relative(inputs.skills, file));
  const debs = inputs.runtimeDebs.map((deb) => `${deb.name}=${deb.version}`);
  const key = hashInputs("agent-layer/6", arch, inputs.node.key, ...debs, ...skillNames, ...hashes);
  const artifact = join(cacheDir, `agent-${key}`);
  await buildOnce(artifact, async (out) => {
    const tmp = join(out, "root");
    await mkdir(join(tmp, "bin"), { recursive: true });
    await copyFile(inputs.node.path, join(tmp, "bin/node"));
    await chmod(join(tmp, "bin/node"), 0o755);
    await copyRuntimePackages(cacheDir, arch, inputs, tmp);
    await writeFile(join(tmp, "bin/a3s-node"), '#!/bin/sh\nexec /opt/a3s/lib/ld.so --library-path /opt/a3s/lib /opt/a3s/bin/node "$@"\n');
    await chmod(join(tmp, "bin/a3s-node"), 0o755);
    await copyFile(inputs.agent, join(tmp, AGENT_BUNDLE));
    await copyFile(loader, join(tmp, AGENT_LOADER));
    await cp(inputs.skills, join(tmp, "skills"), { recursive: true });
    await makeCodeCache(tmp, arch);
    await makeDiskImage(tmp, join(out, "agent.img"));
  });
  return { dir: join(artifact, "root"), image: join(artifact, "agent.img"), key };
}

/**
 * An ext2 image of `root` made by e2fsprogs' mke2fs (present on every Debian system), owned
 * by root, with room for the files' blocks and inodes; the guest mounts it read-only.
 */
async function makeDiskImage(root: string, image: string): Promise<void> {
  let blocks = 0;
  let inodes = 16;
  for (const entry of await readdir(root, { recursive: true })) {
    const stats = await lstat(join(root, entry));
    blocks += Math.ceil(stats.size / 4096) + 1;
    inodes++;
  }
  const sizeKiB = Math.ceil(blocks * 1.1 + 4096) * 4;
  // /usr/sbin is not on every user's PATH.
  const mke2fs = existsSync("/usr/sbin/mke2fs") ? "/usr/sbin/mke2fs" : "mke2fs";
  await run(mke2fs, ["-q", "-F", "-t", "ext2", "-b", "4096", "-m", "0", "-N", String(inodes * 2), "-L", "a3sagent", "-E", "root_owner=0:0", "-d", root, image, `${sizeKiB}k`]);
}

/**
 * From the runtime packages: socat into `layer`/bin, the shared libraries flattened into
 * `layer`/lib, plus `lib/ld.so` → the loader.
 */
async function copyRuntimePackages(cacheDir: string, arch: GuestArch, inputs: AgentLayerInputs, layer: string): Promise<void> {
  const lib = join(layer, "lib");
  const debs = inputs.runtimeDebs;
  const work = await mkdtemp(join(cacheDir, `.agent-work-${process.pid}-`));
  try {
    const root = join(work, "root");
    await mkdir(root);
    for (const deb of await downloadDebs(debs, work, inputs.apt)) await unpackDeb(deb, root);
    await mkdir(lib);
    const { triplet } = DEBIAN_ARCH[arch];
    let loader: string | undefined;
    for (const from of [join(root, "lib", triplet), join(root, "usr/lib", triplet)]) {
      for (const entry of await readdir(from, { withFileTypes: true }).catch(() => [])) {
        if (entry.isDirectory() || !/\.so(\.|$)/.test(entry.name)) continue;
        // copyFile follows the packages' version symlinks (libstdc++.so.6 → …6.0.30).
        await copyFile(join(from, entry.name), join(lib, entry.name));
        if (entry.name.startsWith("ld-linux")) loader = entry.name;
      }
    }
    if (!loader) throw new Error(`the ${DEBIAN_ARCH[arch].name} packages ${debs.map((d) => d.name).join(", ")} hold no ld-linux loader`);
    await symlink(loader, join(lib, "ld.so"));
    await copyFile(join(root, "usr/bin/socat"), join(layer, "bin/socat"));
    await chmod(join(layer, "bin/socat"), 0o755);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
}
