/**
 * A skill's binary backend fetched on first use (`backend: { type: binary, url, sha256 }`):
 * downloaded once into the skills' tool cache, hashed as it streams, kept under its sha256
 * only when the hash matches; a mismatch leaves nothing behind and runs nothing.
 */
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { chmod, mkdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";

/** A tool larger than this is refused (a static binary is a few MiB to a few tens). */
export const MAX_TOOL_BYTES = 256 * 1024 * 1024;

export interface ToolDownload {
  url: string;
  /** Hex SHA-256 of the file. */
  sha256: string;
}

/** The path of the verified tool in `cacheDir`, downloading it when it is not there yet. */
export async function ensureTool(download: ToolDownload, cacheDir: string, signal: AbortSignal): Promise<string> {
  const sha256 = download.sha256.toLowerCase();
  const target = join(cacheDir, sha256);
  if (await isFile(target)) return target;
  await mkdir(cacheDir, { recursive: true });
  const partial = join(cacheDir, `.${sha256}.${randomBytes(6).toString("hex")}.part`);
  try {
    const response = await fetch(download.url, { signal, redirect: "follow" });
    if (!response.ok || !response.body) throw new Error(`the download of ${download.url} failed: HTTP ${response.status}`);
    const hash = createHash("sha256");
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > MAX_TOOL_BYTES) return done(new Error(`the download of ${download.url} is larger than ${MAX_TOOL_BYTES} bytes`));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    await pipeline(Readable.fromWeb(response.body as import("node:stream/web").ReadableStream), measure, createWriteStream(partial, { mode: 0o600 }), { signal });
    const actual = hash.digest("hex");
    if (actual !== sha256) throw new Error(`the download of ${download.url} does not match its sha256 (expected ${sha256}, got ${actual}); it was not kept or run`);
    await chmod(partial, 0o755);
    await rename(partial, target);
    return target;
  } finally {
    await rm(partial, { force: true });
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
