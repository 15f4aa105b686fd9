import { checkDigest } from "./digest";
import { imageError } from "./errors";

export const MediaTypes = {
  ociIndex: "application/vnd.oci.image.index.v1+json",
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociConfig: "application/vnd.oci.image.config.v1+json",
  ociLayer: "application/vnd.oci.image.layer.v1.tar",
  ociLayerGzip: "application/vnd.oci.image.layer.v1.tar+gzip",
  ociLayerZstd: "application/vnd.oci.image.layer.v1.tar+zstd",
  dockerManifestList: "application/vnd.docker.distribution.manifest.list.v2+json",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerConfig: "application/vnd.docker.container.image.v1+json",
  dockerLayer: "application/vnd.docker.image.rootfs.diff.tar",
  dockerLayerGzip: "application/vnd.docker.image.rootfs.diff.tar.gzip",
} as const;

const INDEX_TYPES: string[] = [MediaTypes.ociIndex, MediaTypes.dockerManifestList];
const MANIFEST_TYPES: string[] = [MediaTypes.ociManifest, MediaTypes.dockerManifest];
const LAYER_TYPES: string[] = [
  MediaTypes.ociLayer, MediaTypes.ociLayerGzip, MediaTypes.ociLayerZstd, MediaTypes.dockerLayer, MediaTypes.dockerLayerGzip,
  "application/vnd.oci.image.layer.nondistributable.v1.tar",
  "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
  "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
  "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
];

/** The Accept header for manifest requests: every type we can read. */
export const MANIFEST_ACCEPT = [...INDEX_TYPES, ...MANIFEST_TYPES].join(", ");

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
  annotations?: Record<string, string>;
}

export interface ImageManifest {
  kind: "manifest";
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
}

export interface ImageIndex {
  kind: "index";
  mediaType: string;
  manifests: Descriptor[];
}

function descriptor(value: unknown, what: string): Descriptor {
  const d = value as Partial<Descriptor> | null;
  if (!d || typeof d !== "object") throw imageError(`${what} is not a descriptor object`);
  if (typeof d.size !== "number" || !Number.isSafeInteger(d.size) || d.size < 0) {
    throw imageError(`${what} has no valid size`);
  }
  return {
    mediaType: typeof d.mediaType === "string" ? d.mediaType : "",
    digest: checkDigest(d.digest, what),
    size: d.size,
    ...(d.platform && typeof d.platform === "object" ? { platform: d.platform } : {}),
    ...(d.annotations && typeof d.annotations === "object" ? { annotations: d.annotations } : {}),
  };
}

/**
 * Parses a manifest or index (OCI or Docker v2 schema 2). The media type comes from the
 * document, else from the HTTP Content-Type, else from its shape.
 */
export function parseManifest(bytes: Uint8Array, contentType?: string): ImageManifest | ImageIndex {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(Buffer.from(bytes).toString("utf8")) as Record<string, unknown>;
  } catch (error) {
    throw imageError("the image manifest is not valid JSON", error);
  }
  if (doc.schemaVersion !== 2) {
    throw imageError(`unsupported manifest schemaVersion ${JSON.stringify(doc.schemaVersion)} (only schema 2 is supported)`);
  }
  const declared = typeof doc.mediaType === "string" ? doc.mediaType : (contentType?.split(";")[0]?.trim() ?? "");
  const isIndex = INDEX_TYPES.includes(declared) || (!MANIFEST_TYPES.includes(declared) && Array.isArray(doc.manifests));
  if (isIndex) {
    if (!Array.isArray(doc.manifests)) throw imageError("the image index has no manifests list");
    return {
      kind: "index",
      mediaType: declared || MediaTypes.ociIndex,
      manifests: doc.manifests.map((m, i) => descriptor(m, `index entry ${i}`)),
    };
  }
  if (!Array.isArray(doc.layers)) throw imageError("the image manifest has no layers list");
  const layers = doc.layers.map((l, i) => descriptor(l, `layer ${i}`));
  for (const layer of layers) {
    if (layer.mediaType && !LAYER_TYPES.includes(layer.mediaType)) {
      throw imageError(`layer ${layer.digest} has unsupported media type ${layer.mediaType}`);
    }
  }
  return { kind: "manifest", mediaType: declared || MediaTypes.ociManifest, config: descriptor(doc.config, "config"), layers };
}

/** Serialises a manifest we synthesise (docker archives carry none). */
export function encodeManifest(config: Descriptor, layers: Descriptor[]): Buffer {
  return Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaTypes.ociManifest, config, layers }));
}
