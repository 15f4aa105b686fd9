import { mkdir, readFile, stat, writeFile, rename } from "node:fs/promises";
import { join } from "node:path";
import { candidateVersions, dependencyClosure, type DebPackage } from "./apt";
import { hashInputs } from "./cache";
import { LAYER_PACKAGES } from "./agent-layer";
import type { GuestArch } from "./guest-arch";
import { kernelPackage } from "./kernel";

export interface Resolution {
  kernel: DebPackage;
  busybox: DebPackage;
  tini: DebPackage;
  rootfs: DebPackage[];
  /** What the agent layer's programs need (LAYER_PACKAGES and their dependencies). */
  nodeRuntime: DebPackage[];
}

export const RESOLVED_DIR = "resolved";

/** Where in the cache the resolution for these inputs is remembered (it changes with apt's lists). */
export async function resolutionFile(arch: GuestArch, rootfsPackages: readonly string[]): Promise<string> {
  const lists = await stat("/var/lib/apt/lists").then((s) => String(s.mtimeMs), () => "none");
  return join(RESOLVED_DIR, `${hashInputs("resolution/4", arch, lists, ...rootfsPackages)}.json`);
}

/**
 * Which package versions the guest is built from. Asking apt takes seconds, so the answer is
 * remembered until apt's package lists change (`apt-get update`).
 */
export async function resolvePackages(cacheDir: string, arch: GuestArch, apt: readonly string[], rootfsPackages: readonly string[]): Promise<Resolution> {
  const file = join(cacheDir, await resolutionFile(arch, rootfsPackages));
  const cached = await readFile(file, "utf8").then((text) => JSON.parse(text) as Resolution, () => undefined);
  if (cached) return cached;
  const [busybox, tini] = await candidateVersions(["busybox-static", "tini"], apt);
  const resolution: Resolution = {
    kernel: await kernelPackage(arch, apt),
    busybox: busybox!,
    tini: tini!,
    rootfs: rootfsPackages.length > 0 ? await candidateVersions(await dependencyClosure(rootfsPackages, apt), apt) : [],
    nodeRuntime: await candidateVersions(await dependencyClosure(LAYER_PACKAGES, apt), apt),
  };
  await mkdir(join(cacheDir, RESOLVED_DIR), { recursive: true });
  await writeFile(`${file}.tmp-${process.pid}`, JSON.stringify(resolution));
  await rename(`${file}.tmp-${process.pid}`, file);
  return resolution;
}
