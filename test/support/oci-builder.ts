// Builds small, real OCI images in memory for tests: tar layers written header by header
// (so tests can make hostile entries no honest tool would), gzip or zstd compressed.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { Header } from "tar";

export interface TarEntry {
  path: string;
  type?: "File" | "Directory" | "SymbolicLink" | "Link" | "CharacterDevice" | "BlockDevice" | "FIFO";
  data?: string | Buffer;
  mode?: number;
  linkpath?: string;
  uid?: number;
  gid?: number;
  /** Device numbers of a CharacterDevice or BlockDevice. */
  devmaj?: number;
  devmin?: number;
}

export function tarLayer(entries: TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const type = e.type ?? "File";
    const data = type === "File" ? Buffer.from(e.data ?? "") : Buffer.alloc(0);
    const header = new Header({
      path: e.path,
      type,
      mode: e.mode ?? (type === "Directory" ? 0o755 : 0o644),
      size: data.length,
      uid: e.uid ?? 0,
      gid: e.gid ?? 0,
      mtime: new Date("2024-01-02T03:04:05Z"),
      ...(e.linkpath !== undefined ? { linkpath: e.linkpath } : {}),
      ...(e.devmaj !== undefined ? { devmaj: e.devmaj, devmin: e.devmin ?? 0 } : {}),
    });
    const block = Buffer.alloc(512);
    header.encode(block, 0);
    blocks.push(block, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

export type Compression = "gzip" | "zstd" | "none";

export function compress(tar: Buffer, compression: Compression): Buffer {
  if (compression === "gzip") return gzipSync(tar);
  if (compression === "zstd") return execFileSync("zstd", ["-q", "-c", "-19"], { input: tar, maxBuffer: 1 << 30 });
  return tar;
}

export const sha256 = (data: Buffer | string) => `sha256:${createHash("sha256").update(data).digest("hex")}`;

export interface Blob {
  mediaType: string;
  digest: string;
  size: number;
  data: Buffer;
}

export function blob(mediaType: string, data: Buffer): Blob {
  return { mediaType, digest: sha256(data), size: data.length, data };
}

export interface TestImage {
  manifest: Blob;
  config: Blob;
  layers: Blob[];
  platform: { os: string; architecture: string; variant?: string };
}

const LAYER_TYPES: Record<Compression, string> = {
  gzip: "application/vnd.oci.image.layer.v1.tar+gzip",
  zstd: "application/vnd.oci.image.layer.v1.tar+zstd",
  none: "application/vnd.oci.image.layer.v1.tar",
};

export interface ImageSpec {
  layers: TarEntry[][];
  compression?: Compression;
  config?: { Env?: string[]; Cmd?: string[]; Entrypoint?: string[]; WorkingDir?: string; Labels?: Record<string, string>; User?: string };
  architecture?: string;
  /** Docker v2 schema 2 media types instead of OCI. */
  docker?: boolean;
}

export function buildImage(spec: ImageSpec): TestImage {
  const compression = spec.compression ?? "gzip";
  const tars = spec.layers.map(tarLayer);
  const layers = tars.map((t) =>
    blob(spec.docker ? "application/vnd.docker.image.rootfs.diff.tar.gzip" : LAYER_TYPES[compression], compress(t, spec.docker ? "gzip" : compression)),
  );
  const architecture = spec.architecture ?? "amd64";
  const config = blob(
    spec.docker ? "application/vnd.docker.container.image.v1+json" : "application/vnd.oci.image.config.v1+json",
    Buffer.from(JSON.stringify({
      architecture,
      os: "linux",
      config: spec.config ?? {},
      rootfs: { type: "layers", diff_ids: tars.map((t) => sha256(t)) },
    })),
  );
  const manifestType = spec.docker ? "application/vnd.docker.distribution.manifest.v2+json" : "application/vnd.oci.image.manifest.v1+json";
  const describe = (b: Blob) => ({ mediaType: b.mediaType, digest: b.digest, size: b.size });
  const manifest = blob(
    manifestType,
    Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: manifestType, config: describe(config), layers: layers.map(describe) })),
  );
  return { manifest, config, layers, platform: { os: "linux", architecture } };
}

export function buildIndex(images: TestImage[]): Blob {
  const mediaType = "application/vnd.oci.image.index.v1+json";
  return blob(mediaType, Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType,
    manifests: images.map((i) => ({ mediaType: i.manifest.mediaType, digest: i.manifest.digest, size: i.manifest.size, platform: i.platform })),
  })));
}

/** Writes an OCI image layout folder holding `image`, tagged `tag`. */
export function writeOciLayout(dir: string, image: TestImage, tag: string): void {
  mkdirSync(join(dir, "blobs/sha256"), { recursive: true });
  writeFileSync(join(dir, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
  for (const b of [image.manifest, image.config, ...image.layers]) writeFileSync(join(dir, "blobs/sha256", b.digest.slice(7)), b.data);
  writeFileSync(join(dir, "index.json"), JSON.stringify({
    schemaVersion: 2,
    manifests: [{ mediaType: image.manifest.mediaType, digest: image.manifest.digest, size: image.manifest.size, annotations: { "org.opencontainers.image.ref.name": tag } }],
  }));
}
