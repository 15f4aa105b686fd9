import { createHash, randomUUID } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { readdir, readFile, rm } from "node:fs/promises";
import { once } from "node:events";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import { defaultImageStoreDir } from "./cache-dir";
import { checkDigest, digestHex } from "./digest";
import { imageError, imageNotFound } from "./errors";
import { writeFileAtomic } from "../../common/node/atomic-file";
import { isProcessAlive } from "../../common/node/process-alive";
import { liveLeases } from "../../common/node/pid-leases";
import type { Descriptor } from "./manifest";
import { formatReference, parseReference } from "./reference";
import { StoreLock } from "./store-lock";
import { DEFAULT_IMAGE_LIMITS, type ImageLimits } from "./limits";

/** One image: a manifest and the blobs it names, all present in the store. */
export interface ImageRecord {
  /** The manifest's digest: the image's identity. */
  digest: string;
  mediaType: string;
  manifestSize: number;
  config: Descriptor;
  layers: Descriptor[];
  platform?: string;
  /** Where it came from: a registry reference or an imported path. */
  source: string;
  created: number;
  lastUsed: number;
}

/** A root filesystem unpacked from one or more images, layered in order. */
export interface RootfsRecord {
  id: string;
  images: string[];
  size: number;
  lastUsed: number;
}

export interface StoreIndex {
  version: 1;
  /** Canonical reference → image digest. */
  refs: Record<string, string>;
  images: Record<string, ImageRecord>;
  rootfs: Record<string, RootfsRecord>;
}

export interface ImageStoreOptions {
  /** The store's folder; default `$XDG_CACHE_HOME/a3s-box/images` (or `A3S_BOX_IMAGE_STORE`). */
  root?: string;
  /**
   * The cache's size limit in bytes (blobs plus unpacked root filesystems); default
   * `A3S_BOX_IMAGE_CACHE_MAX` (bytes, or with a K, M, G suffix), else 20 GiB.
   */
  maxBytes?: number;
  /** Caps on manifests, configs and layers; each missing one is DEFAULT_IMAGE_LIMITS'. */
  limits?: Partial<ImageLimits>;
}

export const DEFAULT_MAX_BYTES = 20 * 1024 ** 3;

export interface ExpectedBlob {
  digest?: string;
  size?: number;
}

const emptyIndex = (): StoreIndex => ({ version: 1, refs: {}, images: {}, rootfs: {} });

/**
 * The content-addressed image store. Blobs live at `blobs/sha256/<hex>` and only ever get
 * there by an atomic rename after their digest was verified; `index.json` (references,
 * images, unpacked root filesystems) is replaced atomically under the store lock.
 */
export class ImageStore {
  readonly root: string;
  readonly maxBytes: number;
  readonly limits: ImageLimits;
  readonly lock: StoreLock;

  constructor(options: ImageStoreOptions = {}) {
    this.root = options.root ?? defaultImageStoreDir();
    this.maxBytes = options.maxBytes ?? parseSize(process.env.A3S_BOX_IMAGE_CACHE_MAX) ?? DEFAULT_MAX_BYTES;
    this.limits = { ...DEFAULT_IMAGE_LIMITS, ...options.limits };
    this.lock = new StoreLock(this.root);
    for (const dir of [this.blobsDir, this.tmpDir, this.rootfsDir, this.leasesDir]) mkdirSync(dir, { recursive: true });
  }

  get blobsDir(): string {
    return join(this.root, "blobs", "sha256");
  }
  get tmpDir(): string {
    return join(this.root, "tmp");
  }
  get rootfsDir(): string {
    return join(this.root, "rootfs");
  }
  get leasesDir(): string {
    return join(this.root, "leases");
  }
  private get indexPath(): string {
    return join(this.root, "index.json");
  }

  blobPath(digest: string): string {
    return join(this.blobsDir, digestHex(digest));
  }

  hasBlob(digest: string): boolean {
    return existsSync(this.blobPath(digest));
  }

  async readBlob(digest: string): Promise<Buffer> {
    try {
      return await readFile(this.blobPath(digest));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") throw imageNotFound(`blob ${digest} is not in the image store`);
      throw imageError(`blob ${digest} in the image store cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, error);
    }
  }

  /** A fresh temporary path inside the store (same filesystem, so renames are atomic). */
  tempPath(suffix = ""): string {
    return join(this.tmpDir, `${process.pid}-${randomUUID()}${suffix}`);
  }

  /**
   * Streams bytes into the store, hashing as they are written; the blob appears only if the
   * digest (and size, when given) match. Nothing partial is ever left behind.
   */
  async writeBlob(source: AsyncIterable<Uint8Array> | Uint8Array, expected: ExpectedBlob = {}): Promise<{ digest: string; size: number }> {
    const temp = this.tempPath();
    const hash = createHash("sha256");
    let size = 0;
    const out = createWriteStream(temp, { flags: "wx" });
    try {
      const chunks = source instanceof Uint8Array ? [source] : source;
      for await (const chunk of chunks) {
        hash.update(chunk);
        size += chunk.length;
        if (expected.size !== undefined && size > expected.size) break;
        if (!out.write(chunk)) await once(out, "drain");
      }
      out.end();
      await finished(out);
      const digest = `sha256:${hash.digest("hex")}`;
      verifyBlob(digest, size, expected);
      this.commitTemp(temp, digest);
      return { digest, size };
    } catch (error) {
      out.destroy();
      rmSync(temp, { force: true });
      throw error;
    }
  }

  /** Moves a verified temporary file into place as the blob `digest`. */
  commitTemp(temp: string, digest: string): void {
    renameSync(temp, this.blobPath(digest));
  }

  readIndex(): StoreIndex {
    let text: string;
    try {
      text = readFileSync(this.indexPath, "utf8");
    } catch (error) {
      // Only a missing index means "no images yet"; anything else must not be taken for that and overwritten.
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return emptyIndex();
      throw imageError(`the image store index ${this.indexPath} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); it was left as it is: fix its permissions or the disk, or remove the folder ${this.root} to start afresh`, error);
    }
    try {
      const index = JSON.parse(text) as StoreIndex;
      if (index.version !== 1) throw new Error(`unknown version ${String(index.version)}`);
      return index;
    } catch (error) {
      throw imageError(`the image store index ${this.indexPath} is unreadable (${(error as Error).message}); remove the folder ${this.root} to start afresh`, error);
    }
  }

  /** Read-modify-write of the index under the store lock. */
  async update<T>(fn: (index: StoreIndex) => T | Promise<T>): Promise<T> {
    return this.lock.run(async () => {
      const index = this.readIndex();
      const result = await fn(index);
      await writeFileAtomic(this.indexPath, JSON.stringify(index, null, 1));
      return result;
    });
  }

  /** Records an image (all of whose blobs must be present) and points `refs` at it. */
  async addImage(record: ImageRecord, refs: string[]): Promise<void> {
    for (const d of [record.digest, record.config.digest, ...record.layers.map((l) => l.digest)]) {
      if (!this.hasBlob(d)) throw imageError(`cannot record image ${record.digest}: blob ${d} is missing`);
    }
    await this.update((index) => {
      const previous = index.images[record.digest];
      index.images[record.digest] = previous ? { ...previous, lastUsed: record.lastUsed } : record;
      for (const ref of refs) index.refs[ref] = record.digest;
    });
  }

  /** Finds an image by reference (`alpine`, `host:5000/x:tag`, `x@sha256:…`), digest or id prefix. */
  find(query: string, index = this.readIndex()): ImageRecord | undefined {
    const hex = query.replace(/^sha256:/, "");
    if (/^[a-f0-9]{12,64}$/.test(hex)) {
      const matches = Object.keys(index.images).filter((d) => d.slice(7).startsWith(hex));
      if (matches.length > 1) throw imageError(`the id ${query} is ambiguous: it matches ${matches.length} images`);
      if (matches[0]) return index.images[matches[0]];
    }
    let ref: string;
    try {
      ref = formatReference(parseReference(query));
    } catch (error) {
      if (/^[a-f0-9]+$/.test(hex)) return undefined;
      throw error;
    }
    const digest = index.refs[ref] ?? parseReference(query).digest;
    return digest ? index.images[digest] : undefined;
  }

  /** Removes a reference; the image goes too when no reference is left (or when named by id). */
  async remove(query: string): Promise<{ untagged: string[]; deleted: string[] }> {
    return this.update(async (index) => {
      const image = this.find(query, index);
      if (!image) throw imageNotFound(`no image "${query}" in the store (see \`a3s-box image ls\`)`);
      const byId = /^(sha256:)?[a-f0-9]{12,64}$/.test(query);
      const refs = Object.keys(index.refs).filter((r) => index.refs[r] === image.digest);
      const untagged = byId ? refs : refs.filter((r) => r === formatReference(parseReference(query)));
      for (const r of untagged) delete index.refs[r];
      const deleted: string[] = [];
      if (!Object.values(index.refs).includes(image.digest)) {
        this.dropImage(index, image.digest);
        deleted.push(image.digest);
      }
      await this.collect(index);
      return { untagged, deleted };
    });
  }

  /** Drops untagged images, unused root filesystems, orphaned blobs and dead temporaries. */
  async prune(): Promise<{ images: string[]; rootfs: string[]; freedBytes: number }> {
    return this.update(async (index) => {
      const before = this.usage(index).total;
      const tagged = new Set(Object.values(index.refs));
      const images = Object.keys(index.images).filter((d) => !tagged.has(d));
      for (const d of images) this.dropImage(index, d);
      const leased = liveLeases(this.leasesDir);
      const rootfs = Object.keys(index.rootfs).filter((id) => !leased.has(id));
      for (const id of rootfs) this.dropRootfs(index, id);
      await this.collect(index);
      return { images, rootfs, freedBytes: before - this.usage(index).total };
    });
  }

  /** Bytes held: distinct blobs of all images, plus unpacked root filesystems. */
  usage(index = this.readIndex()): { blobs: number; rootfs: number; total: number } {
    const sizes = new Map<string, number>();
    for (const image of Object.values(index.images)) {
      sizes.set(image.digest, image.manifestSize);
      for (const d of [image.config, ...image.layers]) sizes.set(d.digest, d.size);
    }
    const blobs = [...sizes.values()].reduce((a, b) => a + b, 0);
    const rootfs = Object.values(index.rootfs).reduce((a, r) => a + r.size, 0);
    return { blobs, rootfs, total: blobs + rootfs };
  }

  /** Deletes blobs no image refers to (what a failed pull or import left) and dead temporaries. */
  async collectGarbage(): Promise<void> {
    await this.update((index) => this.collect(index));
  }

  /** Evicts least recently used entries until the cache fits; also drops orphaned blobs. */
  async enforceLimit(keep: Set<string>): Promise<string[]> {
    return this.update((index) => this.evict(index, keep));
  }

  /**
   * Evicts least recently used root filesystems and images until the cache fits `maxBytes`.
   * Never evicts what `keep` names (image digests or rootfs ids) nor a rootfs a live box leases.
   * Call inside `update`.
   */
  async evict(index: StoreIndex, keep: Set<string>): Promise<string[]> {
    const evicted: string[] = [];
    const leased = liveLeases(this.leasesDir);
    const inUse = (digest: string) =>
      keep.has(digest) || Object.values(index.rootfs).some((r) => r.images.includes(digest) && (leased.has(r.id) || keep.has(r.id)));
    const candidates = [
      ...Object.values(index.rootfs).map((r) => ({ kind: "rootfs" as const, key: r.id, lastUsed: r.lastUsed })),
      ...Object.values(index.images).map((i) => ({ kind: "image" as const, key: i.digest, lastUsed: i.lastUsed })),
    ].sort((a, b) => a.lastUsed - b.lastUsed);
    for (const c of candidates) {
      if (this.usage(index).total <= this.maxBytes) break;
      if (c.kind === "rootfs") {
        if (keep.has(c.key) || leased.has(c.key) || !index.rootfs[c.key]) continue;
        this.dropRootfs(index, c.key);
      } else {
        if (inUse(c.key) || !index.images[c.key]) continue;
        for (const [ref, d] of Object.entries(index.refs)) if (d === c.key) delete index.refs[ref];
        this.dropImage(index, c.key);
      }
      evicted.push(c.key);
    }
    await this.collect(index);
    return evicted;
  }

  private dropImage(index: StoreIndex, digest: string): void {
    delete index.images[digest];
    for (const r of Object.values(index.rootfs)) if (r.images.includes(digest)) this.dropRootfs(index, r.id);
  }

  /** Its folder goes in the next `collect`, which every caller runs. */
  private dropRootfs(index: StoreIndex, id: string): void {
    delete index.rootfs[id];
  }

  /**
   * Deletes blobs, rootfs folders and temporaries that nothing refers to any more; off the
   * calling thread (a rootfs is a large tree, and the app's main process calls this).
   */
  private async collect(index: StoreIndex): Promise<void> {
    const live = new Set<string>();
    for (const image of Object.values(index.images)) {
      for (const d of [image.digest, image.config.digest, ...image.layers.map((l) => l.digest)]) live.add(digestHex(d));
    }
    const doomed = [
      ...(await readdir(this.blobsDir)).filter((name) => !live.has(name)).map((name) => join(this.blobsDir, name)),
      ...(await readdir(this.rootfsDir)).filter((name) => !index.rootfs[name] && !isOwnedByLiveProcess(name)).map((name) => join(this.rootfsDir, name)),
      ...(await readdir(this.tmpDir)).filter((name) => !isOwnedByLiveProcess(name)).map((name) => join(this.tmpDir, name)),
    ];
    await Promise.all(doomed.map((path) => rm(path, { recursive: true, force: true })));
  }
}

/** The bytes an image's manifest, config and layers take (compressed, as stored). */
export function imageSize(image: ImageRecord): number {
  return image.manifestSize + image.config.size + image.layers.reduce((a, l) => a + l.size, 0);
}

/** `512M`, `20G`, `1048576` → bytes; undefined when unset. */
export function parseSize(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const match = /^(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?$/i.exec(text.trim());
  if (!match) throw imageError(`invalid size "${text}": write bytes or a number with K, M, G or T`);
  const power = " KMGT".indexOf(match[2]!.toUpperCase() || " ");
  return Math.floor(Number(match[1]) * 1024 ** power);
}

/** Temporary names start with the pid of the process writing them. */
function isOwnedByLiveProcess(name: string): boolean {
  const pid = /^(\d+)-/.exec(name)?.[1];
  return pid !== undefined && isProcessAlive(Number(pid));
}

export function verifyBlob(digest: string, size: number, expected: ExpectedBlob): void {
  if (expected.size !== undefined && size !== expected.size) {
    throw imageError(`blob ${expected.digest ?? digest} has the wrong size: expected ${expected.size} bytes, got ${size}${size > expected.size ? " or more" : ""}`);
  }
  if (expected.digest !== undefined && checkDigest(expected.digest, "blob") !== digest) {
    throw imageError(`blob ${expected.digest} failed verification: its content hashes to ${digest}`);
  }
}
