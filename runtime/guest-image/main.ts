// The guest image builder: `node image-builder.cjs --cache DIR --agent FILE --skills DIR
// --init-dir DIR [--arch x86_64|arm64] [--rootfs-variant developer|slim | --rootfs-packages a,b,c | --no-rootfs]
// [--lease-pid PID]`. Builds (or finds in the cache) the
// kernel, the initramfs, the agent layer (with the guest's own Node, fetched from the npm
// registry, and the agent bundle FILE with its agent-loader.cjs beside it) and the default rootfs. With --check it builds nothing and reports the first
// missing artifact as a `missing` event (exit code 3). Writes the events of
// common/guest-build.ts to stdout, one per line: `progress` while working, then `done` with
// the artifacts, or `error` and exit code 1. A build records the cache entries it used as the
// current ones of its guest (current-guest.ts), and with --lease-pid leases them for that process.
import { relative } from "node:path";
import { parseArgs } from "node:util";
import { guestBuildLine, type GuestArtifacts, type GuestBuildEvent } from "../../common/guest-build";
import { buildAgentLayer } from "./agent-layer";
import { aptDirName, aptFor } from "./apt";
import { hostGuestArch, parseGuestArch, type GuestArch } from "./guest-arch";
import { GUEST_NODE_VERSION, guestNode } from "./guest-node";
import { hashInputs, MissingArtifact, onlyCheck, removeStaleWork, withBuildLock } from "./cache";
import { leaseGuestEntries, recordCurrentGuest } from "./current-guest";
import { buildInitramfs } from "./initramfs";
import { buildKernel } from "./kernel";
import { resolutionFile, resolvePackages } from "./resolve";
import { buildRootfs } from "./rootfs";
import { DEFAULT_ROOTFS_VARIANT, ROOTFS_PACKAGES, ROOTFS_VARIANTS, type RootfsVariant } from "./rootfs-variants";

const { values } = parseArgs({
  options: {
    cache: { type: "string" },
    agent: { type: "string" },
    skills: { type: "string" },
    "init-dir": { type: "string" },
    arch: { type: "string" },
    "rootfs-variant": { type: "string", default: DEFAULT_ROOTFS_VARIANT },
    "rootfs-packages": { type: "string" },
    "no-rootfs": { type: "boolean", default: false },
    check: { type: "boolean", default: false },
    "lease-pid": { type: "string" },
  },
});

const emit = (event: GuestBuildEvent) => process.stdout.write(guestBuildLine(event));
const progress = (message: string, fraction?: number) => emit({ event: "progress", message, ...(fraction === undefined ? {} : { fraction }) });

async function main(): Promise<void> {
  const { cache, agent, skills } = values;
  const initDir = values["init-dir"];
  if (!cache || !agent || !skills || !initDir) {
    throw new Error("usage: image-builder --cache DIR --agent FILE --skills DIR --init-dir DIR");
  }
  const arch = values.arch === undefined ? hostGuestArch() : parseGuestArch(values.arch);
  const leasePid = values["lease-pid"] === undefined ? undefined : Number(values["lease-pid"]);
  if (leasePid !== undefined && !(Number.isSafeInteger(leasePid) && leasePid > 0)) throw new Error(`--lease-pid takes a process id, not "${values["lease-pid"]}"`);
  if (values.check) {
    onlyCheck();
    const { artifacts, uses } = await build(cache, arch, { agent, skills }, initDir);
    if (leasePid !== undefined) leaseGuestEntries(cache, uses, leasePid);
    emit({ event: "done", artifacts });
    return;
  }
  await withBuildLock(cache, async () => {
    await removeStaleWork(cache);
    const { artifacts, uses } = await build(cache, arch, { agent, skills }, initDir);
    // Leased before the lock is released, so a prune waiting for it sees the lease.
    if (leasePid !== undefined) leaseGuestEntries(cache, uses, leasePid);
    await recordCurrentGuest(cache, guestName(arch), uses);
    emit({ event: "done", artifacts });
  });
}

/** The guest a build is for: its arch and root filesystem choice, e.g. `x86_64-developer`. */
function guestName(arch: GuestArch): string {
  if (values["no-rootfs"]) return `${arch}-none`;
  const packages = values["rootfs-packages"];
  return `${arch}-${packages === undefined ? values["rootfs-variant"] : `packages-${hashInputs(packages)}`}`;
}

async function build(cache: string, arch: GuestArch, layer: { agent: string; skills: string }, initDir: string): Promise<{ artifacts: GuestArtifacts; uses: string[] }> {
  const variant = values["rootfs-variant"] as RootfsVariant;
  if (!ROOTFS_VARIANTS.includes(variant)) throw new Error(`unknown rootfs variant "${variant}"; use one of ${ROOTFS_VARIANTS.join(", ")}`);
  const rootfsPackages = values["no-rootfs"]
    ? []
    : (values["rootfs-packages"]?.split(",").filter(Boolean) ?? ROOTFS_PACKAGES[variant]);

  // Fractions by step, weighted roughly by what each downloads (the root filesystem most).
  progress("resolving Debian package versions", 0.02);
  const apt = await aptFor(cache, arch);
  const packages = await resolvePackages(cache, arch, apt, rootfsPackages);
  progress(`kernel: ${packages.kernel.name} ${packages.kernel.version}`, 0.1);
  const kernel = await buildKernel(cache, packages.kernel, arch, apt);
  progress("initramfs: busybox, tini, virtio modules, init", 0.3);
  const initramfs = await buildInitramfs(cache, kernel, packages, initDir, apt, arch);
  progress(`agent layer: Node ${GUEST_NODE_VERSION} for ${arch}, the agent and its built-in skills`, 0.4);
  const node = await guestNode(cache, arch);
  const agentLayer = await buildAgentLayer(cache, arch, { ...layer, node, runtimeDebs: packages.nodeRuntime, apt });
  let rootfs: string | undefined;
  if (rootfsPackages.length > 0) {
    progress(`root filesystem: ${packages.rootfs.length} Debian packages`, 0.55);
    rootfs = (await buildRootfs(cache, arch, packages.rootfs, apt, (message) => progress(message))).dir;
  }
  const entry = (path: string) => relative(cache, path).split("/")[0]!;
  const uses = [kernel.dir, initramfs.initramfs, agentLayer.image, node.path, ...(rootfs ? [rootfs] : [])].map(entry);
  if (apt.length > 0) uses.push(aptDirName(arch));
  uses.push(await resolutionFile(arch, rootfsPackages));
  const artifacts = {
    arch,
    kernel: kernel.image,
    kernelRelease: kernel.release,
    initramfs: initramfs.initramfs,
    floorInitramfs: initramfs.floor,
    agentLayer: agentLayer.dir,
    agentImage: agentLayer.image,
    rootfs,
  };
  return { artifacts, uses };
}

main().catch((error: unknown) => {
  if (error instanceof MissingArtifact) {
    emit({ event: "missing", message: error.message });
    process.exitCode = 3;
    return;
  }
  emit({ event: "error", message: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
});
