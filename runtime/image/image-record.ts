import { imageError } from "./errors";
import { parseConfigBlob, platformOfConfig } from "./image-config";
import type { ImageManifest } from "./manifest";
import type { ImageRecord, ImageStore } from "./store";

/** The record for a manifest whose blobs are all in the store. */
export async function imageRecord(store: ImageStore, digest: string, bytes: Uint8Array, manifest: ImageManifest, source: string): Promise<ImageRecord> {
  const raw = parseConfigBlob(await store.readBlob(manifest.config.digest));
  const now = Date.now();
  return {
    digest,
    mediaType: manifest.mediaType,
    manifestSize: bytes.length,
    config: manifest.config,
    layers: manifest.layers,
    platform: platformOfConfig(raw),
    source,
    created: now,
    lastUsed: now,
  };
}

/** Docker archives and layouts name their images; a bare tag needs a name from `--tag`. */
export function refsFor(name: string | undefined, tag: string | undefined): string[] {
  if (tag) return [tag];
  if (!name) return [];
  if (!name.includes("/") && !name.includes(":")) return [];
  return [name];
}

export function requireManifest(doc: { kind: string }, what: string): asserts doc is ImageManifest {
  if (doc.kind !== "manifest") throw imageError(`${what} is an index inside an index, which is not supported`);
}
