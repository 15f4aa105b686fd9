import { imageError } from "./errors";
import type { ImageManifest } from "./manifest";

/** Bounds on what a registry or an archive may make this host download, buffer and write. */
export interface ImageLimits {
  /** A manifest or index, checked while it streams in. */
  maxManifestBytes: number;
  /** An image config blob, by its declared size, before download. */
  maxConfigBytes: number;
  /** One layer as downloaded (compressed), by its declared size, before download. */
  maxLayerBytes: number;
  /** The layers of one image together (compressed), before download. */
  maxTotalBytes: number;
  /** One layer once decompressed, counted while it unpacks. */
  maxLayerUnpackedBytes: number;
  /** All layers of a root filesystem once decompressed, counted while they unpack. */
  maxTotalUnpackedBytes: number;
}

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

export const DEFAULT_IMAGE_LIMITS: ImageLimits = {
  maxManifestBytes: 4 * MiB,
  maxConfigBytes: 4 * MiB,
  maxLayerBytes: 4 * GiB,
  maxTotalBytes: 16 * GiB,
  maxLayerUnpackedBytes: 16 * GiB,
  maxTotalUnpackedBytes: 32 * GiB,
};

/** "4 MiB", "1 KiB", "200 B": how caps are named in errors. */
export function formatBytes(bytes: number): string {
  for (const [unit, size] of [["GiB", GiB], ["MiB", MiB], ["KiB", 1024]] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} B`;
}

/** The error for `what` (e.g. "layer sha256:…") of `size` bytes over the cap `cap`. */
export function overCap(what: string, size: number, cap: keyof ImageLimits, limits: ImageLimits): Error {
  return imageError(`${what}: ${size} bytes, over ${cap} (${formatBytes(limits[cap])}); raise the store's limits only for images you trust`);
}

/** Refuses a config or layer whose declared size is over its cap (a pull checks before downloading anything). */
export function checkDeclaredSizes(manifest: ImageManifest, canonical: string, limits: ImageLimits): void {
  if (manifest.config.size > limits.maxConfigBytes) throw overCap(`the config ${manifest.config.digest} of ${canonical}`, manifest.config.size, "maxConfigBytes", limits);
  for (const layer of manifest.layers) {
    if (layer.size > limits.maxLayerBytes) throw overCap(`layer ${layer.digest} of ${canonical}`, layer.size, "maxLayerBytes", limits);
  }
  const total = manifest.layers.reduce((sum, layer) => sum + layer.size, 0);
  if (total > limits.maxTotalBytes) throw overCap(`the layers of ${canonical} together`, total, "maxTotalBytes", limits);
}
