import { imageError } from "./errors";

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
