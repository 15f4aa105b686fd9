import { open } from "node:fs/promises";
import { Transform } from "node:stream";
import { createGunzip } from "node:zlib";
import { Decompress } from "fzstd";
import { imageError } from "./errors";

export type Compression = "gzip" | "zstd" | "none";

/** Layers are recognised by their bytes, not their declared media type (docker saves lie). */
export function detectCompression(head: Uint8Array): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return "zstd";
  return "none";
}

/** A stream that decompresses `compression`; zstd through fzstd since Node 20's zlib has none. */
export function decompressor(compression: Compression): Transform {
  if (compression === "gzip") return createGunzip();
  if (compression === "none") return new Transform({ transform: (chunk, _enc, done) => done(null, chunk) });
  const run = (fn: () => void, done: (error?: Error | null) => void) => {
    try {
      fn();
      done();
    } catch (error) {
      done(imageError(`corrupt zstd layer: ${(error as Error).message}`, error));
    }
  };
  const stream = new Transform({
    transform: (chunk: Buffer, _enc, done) => run(() => zstd.push(chunk), done),
    flush: (done) => run(() => zstd.push(new Uint8Array(0), true), done),
  });
  const zstd = new Decompress((data) => stream.push(Buffer.from(data)));
  return stream;
}

/** The first bytes of a file, enough to recognise its compression. */
export async function readHead(path: string): Promise<Uint8Array> {
  const file = await open(path, "r");
  try {
    const head = new Uint8Array(4);
    await file.read(head, 0, 4, 0);
    return head;
  } finally {
    await file.close();
  }
}
