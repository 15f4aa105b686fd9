import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { imageError, imageNotFound } from "./errors";
import { composeConfigs, imageConfig, parseConfigBlob, type ImageConfig } from "./image-config";
import { takeLease } from "../../common/node/pid-leases";
import type { ProgressListener } from "./progress";
import { pullImage, type PullOptions } from "./pull";
import { diskUsage } from "../../common/node/disk-usage";
import { ImageStore, type ImageRecord } from "./store";
import { formatBytes } from "./limits";
import { unpackLayer } from "./unpack";

export interface PrepareOptions extends Omit<PullOptions, "onProgress"> {
  store?: ImageStore;
  onProgress?: ProgressListener;
  /** `missing` (default) pulls images not in the store; `never` fails instead; `always` pulls again. */
  pull?: "missing" | "never" | "always";
}

export interface PreparedRootfs {
  /** The unpacked root filesystem; share it read-only, it is shared by every box using it. */
  rootfsDir: string;
  /** The composed image config (later images override earlier ones). */
  config: ImageConfig;
  /** Image digests, bottom first. */
  images: string[];
  /** Ends this process's claim on the rootfs, which keeps eviction away while a box runs. */
  release(): void;
}

/**
 * Resolves image references (pulling what is missing) to one unpacked root filesystem:
 * the layers of every image applied in order, so an agent layer can go over a business
 * image. Root filesystems are cached by the images they hold.
 */
export async function prepareRootfs(refs: string | string[], options: PrepareOptions = {}): Promise<PreparedRootfs> {
  const store = options.store ?? new ImageStore();
  const list = Array.isArray(refs) ? refs : [refs];
  if (list.length === 0) throw imageError("no image given");
  const onProgress = options.onProgress ?? (() => undefined);
  const images: ImageRecord[] = [];
  for (const ref of list) images.push(await resolveImage(store, ref, options, onProgress));

  const digests = images.map((i) => i.digest);
  const id = createHash("sha256").update(digests.join("\n")).digest("hex");
  const rootfsDir = join(store.rootfsDir, id);
  const release = await store.lock.run(async () => {
    const current = store.readIndex();
    const gone = digests.find((d) => !current.images[d]);
    if (gone) throw imageError(`image ${gone} was removed from the store by another process while this one prepared it; try again`);
    const present = current.rootfs[id] && existsSync(rootfsDir);
    const size = present ? 0 : await unpackImages(store, images, rootfsDir, onProgress);
    const lease = takeLease(store.leasesDir, id);
    await store.update(async (index) => {
      const now = Date.now();
      index.rootfs[id] = present ? { ...index.rootfs[id]!, lastUsed: now } : { id, images: digests, size, lastUsed: now };
      for (const d of digests) if (index.images[d]) index.images[d].lastUsed = now;
      await store.evict(index, new Set([id, ...digests]));
    });
    return lease;
  });
  const configs = await Promise.all(images.map(async (i) => imageConfig(parseConfigBlob(await store.readBlob(i.config.digest)))));
  return { rootfsDir, config: composeConfigs(configs), images: digests, release };
}

async function resolveImage(store: ImageStore, ref: string, options: PrepareOptions, onProgress: ProgressListener): Promise<ImageRecord> {
  const local = options.pull === "always" ? undefined : store.find(ref);
  if (local) return local;
  if (options.pull === "never") throw imageNotFound(`image "${ref}" is not in the store and pulling is off`);
  const { digest } = await pullImage(ref, { ...options, store, onProgress });
  const record = store.readIndex().images[digest];
  if (!record) throw imageError(`image ${digest} vanished from the store right after its pull`);
  return record;
}

/** Unpacks into a temporary folder renamed into place, so no half-unpacked rootfs is ever seen. */
async function unpackImages(store: ImageStore, images: ImageRecord[], target: string, onProgress: ProgressListener): Promise<number> {
  const temp = join(store.rootfsDir, `${process.pid}-${Date.now()}-unpacking`);
  mkdirSync(temp, { recursive: true });
  try {
    const layers = images.flatMap((i) => i.layers);
    const { maxLayerUnpackedBytes, maxTotalUnpackedBytes } = store.limits;
    let total = 0;
    for (const [index, layer] of layers.entries()) {
      onProgress({ type: "unpack", digest: layer.digest, index, count: layers.length });
      const left = maxTotalUnpackedBytes - total;
      const limit =
        left < maxLayerUnpackedBytes
          ? { bytes: left, error: () => imageError(`the layers unpack to more than ${formatBytes(maxTotalUnpackedBytes)} (maxTotalUnpackedBytes)`) }
          : { bytes: maxLayerUnpackedBytes, error: () => imageError(`layer ${layer.digest} unpacks to more than ${formatBytes(maxLayerUnpackedBytes)} (maxLayerUnpackedBytes)`) };
      total += await unpackLayer(store.blobPath(layer.digest), temp, { onWarning: (message) => onProgress({ type: "warning", message }), limit });
    }
    const size = diskUsage(temp);
    rmSync(target, { recursive: true, force: true });
    renameSync(temp, target);
    return size;
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
}
