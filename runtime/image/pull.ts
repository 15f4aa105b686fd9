import { imageError } from "./errors";
import { downloadBlob } from "./blob-download";
import { imageRecord, requireManifest } from "./image-record";
import { parseConfigBlob, platformOfConfig } from "./image-config";
import { checkDeclaredSizes } from "./limits";
import { parseManifest, type Platform } from "./manifest";
import { formatPlatform, hostPlatform, selectManifest } from "./platform";
import type { ProgressListener } from "./progress";
import { formatReference, parseReference } from "./reference";
import { RegistryClient, type RegistryOptions } from "./registry-client";
import { ImageStore } from "./store";

export interface PullOptions extends RegistryOptions {
  store?: ImageStore;
  /** Which image of a multi-platform index; default the host's (always linux). */
  platform?: Platform;
  onProgress?: ProgressListener;
  /** How many blobs download at once; default 3. */
  concurrency?: number;
}

/**
 * Pulls an image by tag or digest: manifest (through an index when the image is
 * multi-platform), then config and layers, each verified by digest before it is stored.
 * The reference is recorded only once every blob is in. Holds the store lock throughout,
 * so two processes pulling at once do not download twice or race a prune.
 */
export async function pullImage(reference: string, options: PullOptions = {}): Promise<{ digest: string; ref: string }> {
  const store = options.store ?? new ImageStore();
  const ref = parseReference(reference);
  const canonical = formatReference(ref);
  const client = new RegistryClient(ref, options);
  const onProgress = options.onProgress ?? (() => undefined);

  return store.lock.run(async () => {
    const limits = store.limits;
    const platform = options.platform ?? hostPlatform();
    let { bytes, contentType, digest } = await client.manifest(ref.digest ?? ref.tag!, limits.maxManifestBytes);
    let doc = parseManifest(bytes, contentType);
    const fromIndex = doc.kind === "index";
    if (doc.kind === "index") {
      const chosen = selectManifest(doc.manifests, platform);
      ({ bytes, contentType, digest } = await client.manifest(chosen.digest, limits.maxManifestBytes));
      doc = parseManifest(bytes, contentType || chosen.mediaType);
    }
    requireManifest(doc, digest);
    const manifest = doc;
    checkDeclaredSizes(manifest, canonical, limits);
    onProgress({ type: "resolved", ref: canonical, digest, layers: manifest.layers.length });

    // The config comes first: a single-platform image for another machine stops here.
    try {
      await downloadBlob(client, store, manifest.config, { onProgress });
      if (!fromIndex) requirePlatform(parseConfigBlob(await store.readBlob(manifest.config.digest)), platform, canonical);
    } catch (error) {
      await store.collectGarbage();
      throw error;
    }

    // The first failure stops the others; whatever they stored goes again with the garbage.
    const queue = [...manifest.layers];
    const cancel = new AbortController();
    const failures: unknown[] = [];
    const worker = async () => {
      for (let blob = queue.shift(); blob && !cancel.signal.aborted; blob = queue.shift()) {
        await downloadBlob(client, store, blob, { onProgress, signal: cancel.signal }).catch((error: unknown) => {
          if (!cancel.signal.aborted) failures.push(error);
          cancel.abort();
        });
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 3) }, worker));
    if (failures.length > 0) {
      await store.collectGarbage();
      throw failures[0];
    }

    const stored = await store.writeBlob(bytes, { digest });
    if (stored.digest !== digest) throw imageError(`manifest digest mismatch for ${canonical}`);
    await store.addImage(await imageRecord(store, digest, bytes, manifest, canonical), [canonical]);
    await store.enforceLimit(new Set([digest]));
    return { digest, ref: canonical };
  });
}

function requirePlatform(config: { os?: string; architecture?: string; variant?: string }, want: Platform, canonical: string): void {
  if (config.os === want.os && config.architecture === want.architecture) return;
  throw imageError(
    `${canonical} is for ${platformOfConfig(config)}, not ${formatPlatform(want)}: it has no other platform to choose; pull an image built for ${formatPlatform(want)}`,
  );
}
