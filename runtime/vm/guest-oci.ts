import { createReadStream, existsSync } from "node:fs";
import { copyFile, mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import * as tar from "tar";
import { A3sError, ErrorCodes } from "../../common/errors";
import { readJsonFile, writeJsonAtomic } from "../../common/node/atomic-file";
import { hashFile, withBuildLock } from "../guest-image/cache";
import { parseGuestArch, type GuestArch } from "../guest-image/guest-arch";
import { downloadBlob } from "../image/blob-download";
import { checkDigest, sha256Digest } from "../image/digest";
import { imageError } from "../image/errors";
import { checkDeclaredSizes } from "../image/limits";
import { MediaTypes, type Descriptor } from "../image/manifest";
import type { ProgressListener } from "../image/progress";
import { formatReference, parseReference } from "../image/reference";
import { RegistryClient, type RegistryOptions } from "../image/registry-client";
import { ImageStore } from "../image/store";
import { unpackLayer } from "../image/unpack";
import type { GuestArtifacts } from "./guest-artifacts";

/**
 * The guest artifacts as an OCI artifact (image manifest with an artifactType): a config
 * naming the architecture and kernel release, then one layer per artifact, told apart by
 * their title annotation. Files (kernel, initramfs, the agent layer's disk image) travel as
 * they are; folders (agent layer, rootfs) as gzip tars.
 */
export const GUEST_ARTIFACT_TYPE = "application/vnd.a3s.box.guest.v1";
const CONFIG_TYPE = "application/vnd.a3s.box.guest.config.v1+json";
const FILE_TYPE = "application/vnd.a3s.box.guest.file.v1";
const TITLE = "org.opencontainers.image.title";

interface GuestConfig {
  arch: GuestArch;
  kernelRelease: string;
  /** The kernel's file name (vmlinux or Image). */
  kernelFile: string;
}

const PARTS = ["kernel", "initramfs", "floorInitramfs", "agentLayer", "agentImage", "rootfs"] as const;
type Part = (typeof PARTS)[number];
const FOLDERS: readonly Part[] = ["agentLayer", "rootfs"];

export interface GuestTransferOptions extends RegistryOptions {
  /** Where blobs are staged and verified (default: the user's image store). */
  store?: ImageStore;
  /**
   * A pull gives `fraction` (0..1): bytes downloaded of the whole guest, then the unpacking;
   * `tick` marks a message that only says how far it is (one per whole percent: a terminal
   * redraws it in place, a log may skip most).
   */
  onProgress?: (message: string, fraction?: number, tick?: "tick") => void;
  /** Stops a pull between chunks; it rejects with CANCELLED and keeps nothing unpacked. */
  signal?: AbortSignal;
}

/**
 * Where the app offers to pull a guest from: $A3S_BOX_GUEST_REF, else the project's registry
 * path for this version and architecture (not published yet: see docs/vm.md).
 */
export function defaultGuestRef(version: string, arch: GuestArch, env: NodeJS.ProcessEnv = process.env): string {
  return env["A3S_BOX_GUEST_REF"] || `ghcr.io/a3s-lab/box-guest:${version}-${arch}`;
}

/** Where in the cache pulled guests go: a folder each, and `ARCH.json` naming the current one. */
export const PULLED_DIR = "pulled";

/** Whether a guest was pulled for `arch` into the cache (not yet checked: see pulledGuest). */
export function hasPulledGuest(cacheDir: string, arch: GuestArch): boolean {
  return existsSync(join(cacheDir, PULLED_DIR, `${arch}.json`));
}

/** Pushes `artifacts` to `reference` (a tag); returns the manifest's digest. */
export async function pushGuest(artifacts: GuestArtifacts, reference: string, options: GuestTransferOptions = {}): Promise<string> {
  const ref = parseReference(reference);
  if (ref.digest) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `push to a tag, not a digest: ${reference}`);
  const store = options.store ?? new ImageStore();
  const client = new RegistryClient(ref, options);
  const say = options.onProgress ?? (() => undefined);
  const layers: Descriptor[] = [];
  for (const part of PARTS) {
    const path = artifacts[part];
    if (path === undefined) continue;
    say(`packing ${part}`);
    const folder = FOLDERS.includes(part);
    const source = folder ? tar.c({ gzip: true, cwd: path, portable: true }, ["."]) : createReadStream(path);
    const { digest, size } = await store.writeBlob(source as AsyncIterable<Uint8Array>);
    layers.push({ mediaType: folder ? MediaTypes.ociLayerGzip : FILE_TYPE, digest, size, annotations: { [TITLE]: part } });
  }
  const config = Buffer.from(JSON.stringify({ arch: artifacts.arch, kernelRelease: artifacts.kernelRelease, kernelFile: basename(artifacts.kernel) } satisfies GuestConfig));
  const configBlob = await store.writeBlob(config);
  for (const blob of [...layers, configBlob]) {
    if (await client.hasBlob(blob.digest)) continue;
    say(`uploading ${blob.digest.slice(0, 19)} (${blob.size} bytes)`);
    await client.uploadBlob(blob.digest, () => createReadStream(store.blobPath(blob.digest)));
  }
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaTypes.ociManifest,
      artifactType: GUEST_ARTIFACT_TYPE,
      config: { mediaType: CONFIG_TYPE, digest: configBlob.digest, size: configBlob.size },
      layers,
    }),
  );
  await client.putManifest(ref.tag!, manifest, MediaTypes.ociManifest);
  return sha256Digest(manifest);
}

/** What a pull leaves in the cache, and what `pulledGuest` checks before use. */
interface PulledRecord {
  ref: string;
  digest: string;
  artifacts: GuestArtifacts;
  /** sha256 digests of the file artifacts, checked before each use. */
  files: Partial<Record<Part, string>>;
}

/**
 * Pulls a guest pushed by `pushGuest`: every blob verified by digest as it downloads (a
 * mismatch keeps nothing), then laid out under the cache's `pulled/` and recorded as the
 * pulled guest of its architecture. Tars unpack through the image code's safe unpacker.
 */
export async function pullGuest(reference: string, cacheDir: string, options: GuestTransferOptions & { arch?: GuestArch } = {}): Promise<GuestArtifacts> {
  const ref = parseReference(reference);
  const canonical = formatReference(ref);
  const store = options.store ?? new ImageStore();
  const client = new RegistryClient(ref, options);
  const say = options.onProgress ?? (() => undefined);
  const { bytes, digest } = await client.manifest(ref.digest ?? ref.tag!, store.limits.maxManifestBytes);
  const { config, layers } = parseGuestManifest(bytes, canonical);
  checkDeclaredSizes({ kind: "manifest", mediaType: MediaTypes.ociManifest, config, layers: [...layers.values()] }, canonical, store.limits);

  // Downloads are 90% of the bar, unpacking the rest; a message at each whole percent.
  const total = [config, ...layers.values()].reduce((sum, blob) => sum + blob.size, 0) || 1;
  const finished = new Map<string, number>();
  let percent = -1;
  const progress: ProgressListener = (event) => {
    if (event.type !== "download" && event.type !== "downloaded") return;
    finished.set(event.digest, event.type === "download" ? event.received : event.total);
    const fraction = (0.9 * [...finished.values()].reduce((sum, bytes) => sum + bytes, 0)) / total;
    if (event.type === "downloaded" && !event.cached) say(`downloaded ${event.digest.slice(0, 19)} (${event.total} bytes)`, fraction);
    else if (Math.floor(fraction * 100) > percent) {
      percent = Math.floor(fraction * 100);
      say(`downloading: ${percent}% of ${total} bytes`, fraction, "tick");
    }
  };
  const download = (blob: Descriptor) => downloadBlob(client, store, blob, { onProgress: progress, ...(options.signal ? { signal: options.signal } : {}) }).catch(whenCancelled(options.signal));
  await download(config);
  const guest = parseGuestConfig(await store.readBlob(config.digest), canonical);
  if (options.arch && guest.arch !== options.arch) {
    throw imageError(`${canonical} is a guest for ${guest.arch}, not ${options.arch}`);
  }
  for (const layer of layers.values()) await download(layer);

  // Under the builder's lock, so `guest prune` never sees the new folder before its record.
  return withBuildLock(cacheDir, async () => {
    const dir = join(cacheDir, PULLED_DIR, `${guest.arch}-${digest.slice(7, 23)}`);
    const fileNames: Partial<Record<Part, string>> = { kernel: guest.kernelFile, initramfs: "initramfs.cpio", floorInitramfs: "floor.cpio", agentImage: "agent.img" };
    const path = (part: Part) => join(dir, fileNames[part] ?? part);
    if (!existsSync(dir)) {
      const tmp = `${dir}.tmp-${process.pid}`;
      await rm(tmp, { recursive: true, force: true });
      await mkdir(tmp, { recursive: true });
      try {
        let unpacked = 0;
        for (const [part, layer] of layers) {
          options.signal?.throwIfAborted();
          say(`unpacking ${part}`, 0.9 + (0.1 * unpacked++) / layers.size);
          const target = join(tmp, basename(path(part)));
          if (FOLDERS.includes(part)) await unpackLayer(store.blobPath(layer.digest), target, { onWarning: say });
          else await copyFile(store.blobPath(layer.digest), target);
        }
        await rename(tmp, dir);
      } catch (error) {
        await rm(tmp, { recursive: true, force: true });
        throw whenCancelled(options.signal)(error);
      }
    }
    const artifacts: GuestArtifacts = {
      arch: guest.arch,
      kernel: path("kernel"),
      kernelRelease: guest.kernelRelease,
      initramfs: path("initramfs"),
      floorInitramfs: path("floorInitramfs"),
      agentLayer: path("agentLayer"),
      agentImage: path("agentImage"),
      ...(layers.has("rootfs") ? { rootfs: path("rootfs") } : {}),
    };
    const files = Object.fromEntries([...layers].filter(([part]) => !FOLDERS.includes(part)).map(([part, layer]) => [part, layer.digest]));
    const record: PulledRecord = { ref: canonical, digest, artifacts, files };
    const recordPath = join(cacheDir, PULLED_DIR, `${guest.arch}.json`);
    await writeJsonAtomic(recordPath, record);
    return artifacts;
  });
}

/** A failure caused by `signal`'s abort as CANCELLED; any other as it is. */
function whenCancelled(signal: AbortSignal | undefined): (error: unknown) => never {
  return (error) => {
    if (signal?.aborted) throw new A3sError(ErrorCodes.CANCELLED, "the guest pull was cancelled");
    throw error;
  };
}

/**
 * The guest last pulled for `arch`, its files checked against the digests they were pulled
 * with; undefined when none was pulled. A file that changed since is an error, not a boot.
 */
export async function pulledGuest(cacheDir: string, arch: GuestArch): Promise<GuestArtifacts | undefined> {
  return (await pulledGuestRecord(cacheDir, arch))?.artifacts;
}

/** The guest last pulled for `arch` with where it came from, checked as by `pulledGuest`. */
export async function pulledGuestRecord(cacheDir: string, arch: GuestArch): Promise<{ ref: string; digest: string; artifacts: GuestArtifacts } | undefined> {
  const text = await readFile(join(cacheDir, PULLED_DIR, `${arch}.json`), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  const record = JSON.parse(text) as PulledRecord;
  for (const [part, digest] of Object.entries(record.files) as [Part, string][]) {
    const file = record.artifacts[part]!;
    const actual = await hashFile(file).then((hex) => `sha256:${hex}`, () => "missing");
    if (actual !== digest) {
      throw new A3sError(ErrorCodes.VM_UNAVAILABLE, `the pulled guest's ${part} (${file}) no longer matches ${digest} from ${record.ref}; pull it again with \`a3s-box guest pull ${record.ref}\``);
    }
  }
  return { ref: record.ref, digest: record.digest, artifacts: record.artifacts };
}

/** The folders (relative to the cache) of the guests last pulled for each architecture. */
export async function pulledGuestEntries(cacheDir: string): Promise<string[]> {
  const names = await readdir(join(cacheDir, PULLED_DIR)).catch(() => [] as string[]);
  const entries: string[] = [];
  for (const name of names.filter((n) => n.endsWith(".json"))) {
    const file = join(cacheDir, PULLED_DIR, name);
    const record = (await readJsonFile(file).catch(() => undefined)) as Partial<PulledRecord> | undefined;
    const kernel = record?.artifacts?.kernel;
    if (typeof kernel !== "string") throw new A3sError(ErrorCodes.VM_UNAVAILABLE, `the pull record ${file} is damaged; pull the guest again or remove the file`);
    entries.push(relative(cacheDir, dirname(kernel)));
  }
  return entries;
}

function parseGuestManifest(bytes: Buffer, canonical: string): { config: Descriptor; layers: Map<Part, Descriptor> } {
  let doc: { mediaType?: unknown; artifactType?: unknown; config?: Partial<Descriptor>; layers?: unknown };
  try {
    doc = JSON.parse(bytes.toString("utf8")) as typeof doc;
  } catch {
    throw imageError(`the manifest of ${canonical} is not JSON`);
  }
  if (doc.artifactType !== GUEST_ARTIFACT_TYPE || doc.config?.mediaType !== CONFIG_TYPE) {
    throw imageError(`${canonical} is not an A3S Box guest (artifactType ${JSON.stringify(doc.artifactType ?? doc.config?.mediaType ?? null)}); push one with \`a3s-box guest push\``);
  }
  const descriptor = (value: Partial<Descriptor> | undefined, what: string): Descriptor => {
    if (!value || typeof value.size !== "number" || !Number.isSafeInteger(value.size) || value.size < 0) throw imageError(`${what} of ${canonical} has no valid size`);
    return { mediaType: String(value.mediaType), digest: checkDigest(value.digest, what), size: value.size, ...(value.annotations ? { annotations: value.annotations } : {}) };
  };
  const config = descriptor(doc.config, "the config");
  const layers = new Map<Part, Descriptor>();
  for (const raw of Array.isArray(doc.layers) ? (doc.layers as Partial<Descriptor>[]) : []) {
    const part = raw.annotations?.[TITLE] as Part | undefined;
    if (!part || !PARTS.includes(part) || layers.has(part)) throw imageError(`${canonical} has an unknown or repeated layer ${JSON.stringify(part ?? null)}`);
    const layer = descriptor(raw, `layer ${part}`);
    if (layer.mediaType !== (FOLDERS.includes(part) ? MediaTypes.ociLayerGzip : FILE_TYPE)) throw imageError(`layer ${part} of ${canonical} has the wrong media type ${layer.mediaType}`);
    layers.set(part, layer);
  }
  for (const part of PARTS) {
    if (part !== "rootfs" && !layers.has(part)) throw imageError(`${canonical} lacks the guest's ${part}`);
  }
  return { config, layers };
}

function parseGuestConfig(bytes: Buffer, canonical: string): GuestConfig {
  try {
    const raw = JSON.parse(bytes.toString("utf8")) as Partial<GuestConfig>;
    const kernelFile = String(raw.kernelFile);
    if (!/^(vmlinux|Image)$/.test(kernelFile) || typeof raw.kernelRelease !== "string") throw new Error("bad fields");
    return { arch: parseGuestArch(String(raw.arch)), kernelRelease: raw.kernelRelease, kernelFile };
  } catch (error) {
    throw imageError(`the guest config of ${canonical} is not valid: ${(error as Error).message}`);
  }
}
