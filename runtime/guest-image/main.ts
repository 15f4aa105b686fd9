// The guest image builder: `node image-builder.cjs --cache DIR --node FILE --agent FILE
// --skills DIR --init-dir DIR [--rootfs-variant developer|slim | --rootfs-packages a,b,c | --no-rootfs]`. Builds (or finds in the cache)
// the kernel, the initramfs, the agent layer and the default rootfs. Writes one JSON object
// per line to stdout: `{"event":"progress","message":…}` while working, then
// `{"event":"done","artifacts":{…}}`, or `{"event":"error","message":…}` and exit code 1.
import { parseArgs } from "node:util";
import { buildAgentLayer } from "./agent-layer";
import { removeStaleWork, withBuildLock } from "./cache";
import { buildInitramfs } from "./initramfs";
import { buildKernel } from "./kernel";
import { resolvePackages } from "./resolve";
import { buildRootfs } from "./rootfs";
import { DEFAULT_ROOTFS_VARIANT, ROOTFS_PACKAGES, ROOTFS_VARIANTS, type RootfsVariant } from "./rootfs-variants";

const { values } = parseArgs({
  options: {
    cache: { type: "string" },
    node: { type: "string" },
    agent: { type: "string" },
    skills: { type: "string" },
    "init-dir": { type: "string" },
    "rootfs-variant": { type: "string", default: DEFAULT_ROOTFS_VARIANT },
    "rootfs-packages": { type: "string" },
    "no-rootfs": { type: "boolean", default: false },
  },
});

const emit = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);
const progress = (message: string) => emit({ event: "progress", message });

async function main(): Promise<void> {
  const { cache, node, agent, skills } = values;
  const initDir = values["init-dir"];
  if (!cache || !node || !agent || !skills || !initDir) {
    throw new Error("usage: image-builder --cache DIR --node FILE --agent FILE --skills DIR --init-dir DIR");
  }
  await withBuildLock(cache, async () => {
    await removeStaleWork(cache);
    await build(cache, { node, agent, skills }, initDir);
  });
}

async function build(cache: string, layer: { node: string; agent: string; skills: string }, initDir: string): Promise<void> {
  const variant = values["rootfs-variant"] as RootfsVariant;
  if (!ROOTFS_VARIANTS.includes(variant)) throw new Error(`unknown rootfs variant "${variant}"; use one of ${ROOTFS_VARIANTS.join(", ")}`);
  const rootfsPackages = values["no-rootfs"]
    ? []
    : (values["rootfs-packages"]?.split(",").filter(Boolean) ?? ROOTFS_PACKAGES[variant]);

  progress("resolving Debian package versions");
  const packages = await resolvePackages(cache, rootfsPackages);
  progress(`kernel: ${packages.kernel.name} ${packages.kernel.version}`);
  const kernel = await buildKernel(cache, packages.kernel);
  progress("initramfs: busybox, tini, virtio modules, init");
  const initramfs = await buildInitramfs(cache, kernel, packages, initDir);
  progress("agent layer: Node runtime, the agent and its built-in skills");
  const agentLayer = await buildAgentLayer(cache, layer);
  let rootfs: string | undefined;
  if (rootfsPackages.length > 0) {
    progress(`root filesystem: ${packages.rootfs.length} Debian packages`);
    rootfs = (await buildRootfs(cache, packages.rootfs, progress)).dir;
  }
  emit({
    event: "done",
    artifacts: {
      kernel: kernel.vmlinux,
      kernelRelease: kernel.release,
      initramfs: initramfs.initramfs,
      floorInitramfs: initramfs.floor,
      agentLayer: agentLayer.dir,
      rootfs,
    },
  });
}

main().catch((error: unknown) => {
  emit({ event: "error", message: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
});
