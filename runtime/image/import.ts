import { createReadStream, readFileSync, statSync } from "node:fs";
import { basename, join, posix } from "node:path";
import { pipeline } from "node:stream/promises";
import { Parser, type ReadEntry } from "tar";
import { decompressor, detectCompression, readHead } from "./decompress";
import { checkDigest, digestHex, sha256Digest } from "./digest";
import { imageError } from "./errors";
import { imageRecord, refsFor, requireManifest } from "./image-record";
import { checkDeclaredSizes } from "./limits";
import { encodeManifest, MediaTypes, parseManifest, type Descriptor, type Platform } from "./manifest";
import { hostPlatform, selectManifest } from "./platform";
import { formatReference, parseReference } from "./reference";
import type { ImageStore } from "./store";

export interface ImportOptions {
  /** Name the imported image (`name:tag`); required when the source names none. */
  tag?: string;
  /** Which image of a multi-platform layout; default the host's. */
  platform?: Platform;
}

export interface ImportedImage {
  digest: string;
  refs: string[];
}

/** Where blobs come from during an import: stream them into the store, verified. */
interface BlobSource {
  json(digest: string): Promise<Buffer>;
  store(descriptor: Descriptor): Promise<void>;
}

const MAX_JSON = 16 * 1024 * 1024;
const REF_NAME = "org.opencontainers.image.ref.name";

/**
 * Imports an OCI image layout folder, or a tar archive (optionally gzip) holding a
 * `docker save` archive or an OCI layout. Every blob is verified by digest on the way in.
 */
export async function importImage(store: ImageStore, path: string, options: ImportOptions = {}): Promise<ImportedImage[]> {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) throw imageError(`cannot import ${path}: no such file or folder`);
  const tag = options.tag ? formatReference(parseReference(options.tag)) : undefined;
  const imported = await (st.isDirectory()
    ? importLayout(store, layoutFolder(store, path), path, tag, options.platform)
    : store.lock.run(() => importArchive(store, path, tag, options.platform))
  ).catch(async (error: unknown) => {
    await store.collectGarbage();
    throw error;
  });
  await store.enforceLimit(new Set(imported.map((i) => i.digest)));
  return imported;
}

function layoutFolder(store: ImageStore, dir: string): BlobSource {
  const blobFile = (digest: string) => join(dir, "blobs", "sha256", digestHex(digest));
  return {
    json: async (digest) => {
      const bytes = readFileSync(blobFile(digest));
      if (sha256Digest(bytes) !== digest) throw imageError(`blob ${digest} in ${dir} does not match its digest`);
      return bytes;
    },
    store: async (d) => {
      if (!store.hasBlob(d.digest)) await store.writeBlob(createReadStream(blobFile(d.digest)), { digest: d.digest, size: d.size });
    },
  };
}

async function importLayout(store: ImageStore, source: BlobSource, origin: string, tag: string | undefined, platform?: Platform, indexBytes?: Buffer): Promise<ImportedImage[]> {
  return store.lock.run(async () => {
    const index = parseManifest(indexBytes ?? readFileSync(join(origin, "index.json")));
    if (index.kind !== "index") throw imageError(`${origin}: index.json is not an image index`);
    const multiPlatform = index.manifests.length > 1 && index.manifests.every((m) => m.platform);
    const chosen = multiPlatform ? [selectManifest(index.manifests, platform ?? hostPlatform())] : index.manifests;
    if (chosen.length === 0) throw imageError(`${origin} holds no images`);
    if (tag && chosen.length > 1) throw imageError(`${origin} holds ${chosen.length} images; --tag can name only one`);
    const imported: ImportedImage[] = [];
    for (const entry of chosen) {
      let descriptor = entry;
      let bytes = await source.json(descriptor.digest);
      let doc = parseManifest(bytes, descriptor.mediaType);
      if (doc.kind === "index") {
        descriptor = selectManifest(doc.manifests, platform ?? hostPlatform());
        bytes = await source.json(descriptor.digest);
        doc = parseManifest(bytes, descriptor.mediaType);
      }
      requireManifest(doc, descriptor.digest);
      checkDeclaredSizes(doc, origin, store.limits);
      for (const d of [doc.config, ...doc.layers]) await source.store(d);
      await source.store({ mediaType: doc.mediaType, digest: descriptor.digest, size: bytes.length });
      const refs = refsFor(entry.annotations?.[REF_NAME], tag);
      await store.addImage(await imageRecord(store, descriptor.digest, bytes, doc, origin), refs);
      imported.push({ digest: descriptor.digest, refs });
    }
    return imported;
  });
}

interface ArchiveEntry {
  digest?: string;
  link?: string;
  json?: Buffer;
}

/** Streams a tar archive once: every file becomes a verified blob; JSON files are kept too. */
async function importArchive(store: ImageStore, path: string, tag: string | undefined, platform?: Platform): Promise<ImportedImage[]> {
  const entries = new Map<string, ArchiveEntry>();
  const pending: Promise<void>[] = [];
  const parser = new Parser({
    onReadEntry: (entry: ReadEntry) => {
      const name = posix.normalize(entry.path).replace(/^\.\//, "").replace(/\/$/, "");
      if (entry.type === "SymbolicLink" || entry.type === "Link") {
        const target = entry.type === "Link" ? entry.linkpath! : posix.join(posix.dirname(name), entry.linkpath!);
        entries.set(name, { link: posix.normalize(target) });
        entry.resume();
        return;
      }
      if (entry.type !== "File" && entry.type !== "OldFile") {
        entry.resume();
        return;
      }
      const keepJson = (entry.size ?? 0) <= MAX_JSON && (name.endsWith(".json") || name === "oci-layout" || (name.startsWith("blobs/") && (entry.size ?? 0) < 64 * 1024));
      const chunks: Buffer[] = [];
      async function* content() {
        for await (const chunk of entry as AsyncIterable<Buffer>) {
          if (keepJson) chunks.push(chunk);
          yield chunk;
        }
      }
      pending.push(store.writeBlob(content()).then(({ digest }) => {
        entries.set(name, { digest, ...(keepJson ? { json: Buffer.concat(chunks) } : {}) });
      }));
    },
  });
  const head = await readHead(path);
  try {
    await pipeline(createReadStream(path), decompressor(detectCompression(head)), parser);
    await Promise.all(pending);
  } catch (error) {
    await Promise.allSettled(pending);
    throw imageError(`cannot read the archive ${path}: ${(error as Error).message}`, error);
  }
  const resolve = (name: string, depth = 0): ArchiveEntry | undefined => {
    const e = entries.get(posix.normalize(name));
    return e?.link !== undefined && depth < 8 ? resolve(e.link, depth + 1) : e;
  };
  const origin = basename(path);
  if (entries.has("manifest.json")) return importDockerArchive(store, resolve, origin, tag);
  if (entries.has("index.json")) {
    const source: BlobSource = {
      json: async (digest) => {
        const e = resolve(`blobs/sha256/${digestHex(digest)}`);
        if (!e?.json || e.digest !== digest) throw imageError(`${origin}: blob ${digest} is missing or does not match its digest`);
        return e.json;
      },
      store: async (d) => {
        const e = resolve(`blobs/sha256/${digestHex(d.digest)}`);
        if (e?.digest !== d.digest) throw imageError(`${origin}: blob ${d.digest} is missing or does not match its digest`);
      },
    };
    return importLayout(store, source, origin, tag, platform, resolve("index.json")!.json);
  }
  throw imageError(`${path} is neither a docker save archive (manifest.json) nor an OCI layout (index.json)`);
}

interface DockerArchiveManifest {
  Config: string;
  RepoTags?: string[] | null;
  Layers: string[];
}

async function importDockerArchive(store: ImageStore, resolve: (name: string) => ArchiveEntry | undefined, origin: string, tag: string | undefined): Promise<ImportedImage[]> {
  const list = JSON.parse(resolve("manifest.json")!.json!.toString("utf8")) as DockerArchiveManifest[];
  if (!Array.isArray(list) || list.length === 0) throw imageError(`${origin}: manifest.json lists no images`);
  if (tag && list.length > 1) throw imageError(`${origin} holds ${list.length} images; --tag can name only one`);
  const imported: ImportedImage[] = [];
  for (const item of list) {
    const configEntry = resolve(item.Config);
    if (!configEntry?.digest || !configEntry.json) throw imageError(`${origin}: the config ${item.Config} is missing`);
    const diffIds = (JSON.parse(configEntry.json.toString("utf8")) as { rootfs?: { diff_ids?: string[] } }).rootfs?.diff_ids ?? [];
    const layers: Descriptor[] = [];
    for (const [i, name] of item.Layers.entries()) {
      const layer = resolve(name);
      if (!layer?.digest) throw imageError(`${origin}: the layer ${name} is missing`);
      const compressed = detectCompression(await readHead(store.blobPath(layer.digest))) !== "none";
      if (!compressed && diffIds[i] !== undefined && checkDigest(diffIds[i], "diff_id") !== layer.digest) {
        throw imageError(`${origin}: layer ${name} hashes to ${layer.digest}, but the config expects ${diffIds[i]}`);
      }
      layers.push({ mediaType: compressed ? MediaTypes.ociLayerGzip : MediaTypes.ociLayer, digest: layer.digest, size: statSync(store.blobPath(layer.digest)).size });
    }
    if (diffIds.length !== layers.length) throw imageError(`${origin}: ${layers.length} layers but the config lists ${diffIds.length}`);
    const config: Descriptor = { mediaType: MediaTypes.ociConfig, digest: configEntry.digest, size: configEntry.json.length };
    const bytes = encodeManifest(config, layers);
    const { digest } = await store.writeBlob(bytes);
    const manifest = parseManifest(bytes);
    requireManifest(manifest, digest);
    checkDeclaredSizes(manifest, origin, store.limits);
    const refs = tag ? [tag] : (item.RepoTags ?? []).map((r) => formatReference(parseReference(r)));
    await store.addImage(await imageRecord(store, digest, bytes, manifest, origin), refs);
    imported.push({ digest, refs });
  }
  return imported;
}
