// OCI images for boxes: the local store, import, registry pull, unpacked root filesystems.
export { ImageStore, DEFAULT_MAX_BYTES, imageSize, type ImageRecord, type ImageStoreOptions, type RootfsRecord, type StoreIndex } from "./store";
export { defaultImageStoreDir, userCacheDir } from "./cache-dir";
export { importImage, type ImportOptions, type ImportedImage } from "./import";
export { pullImage, type PullOptions } from "./pull";
export { prepareRootfs, type PrepareOptions, type PreparedRootfs } from "./prepare-rootfs";
export { imageConfig, composeConfigs, parseConfigBlob, AGENT_LABEL_PREFIX, type ImageConfig } from "./image-config";
export { parseReference, formatReference, type ImageReference } from "./reference";
export { hostPlatform, parsePlatform, formatPlatform } from "./platform";
export { unpackLayer } from "./unpack";
export { DEFAULT_IMAGE_LIMITS, type ImageLimits } from "./limits";
export type { ImageProgress, ProgressListener } from "./progress";
export type { Platform } from "./manifest";
