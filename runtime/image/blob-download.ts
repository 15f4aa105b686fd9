import { createHash, type Hash } from "node:crypto";
import { open, rm, type FileHandle } from "node:fs/promises";
import { A3sError, ErrorCodes } from "../../common/errors";
import type { Descriptor } from "./manifest";
import type { ProgressListener } from "./progress";
import type { RegistryClient } from "./registry-client";
import { verifyBlob, type ImageStore } from "./store";

export interface DownloadOptions {
  attempts?: number;
  /** A connection silent this long counts as interrupted. */
  idleTimeoutMs?: number;
  onProgress?: ProgressListener;
  /** Abandons the download (another blob of the same pull failed). */
  signal?: AbortSignal;
}

/** The partial file, the hash of what it holds, and its length. */
class Partial {
  hash: Hash = createHash("sha256");
  received = 0;
  constructor(readonly file: FileHandle) {}

  async restart(): Promise<void> {
    await this.file.truncate(0);
    this.hash = createHash("sha256");
    this.received = 0;
  }

  async append(chunk: Uint8Array): Promise<void> {
    await this.file.write(chunk, 0, chunk.length, this.received);
    this.hash.update(chunk);
    this.received += chunk.length;
  }
}

class Interrupted extends Error {}

/**
 * Downloads one blob into the store. Interrupted transfers resume from the bytes already
 * received (HTTP Range), or start over when the server ignores the range; the content is
 * hashed as it arrives and only a verified blob is committed. A failed download leaves no
 * file behind.
 */
export async function downloadBlob(client: RegistryClient, store: ImageStore, blob: Descriptor, options: DownloadOptions = {}): Promise<void> {
  const onProgress = options.onProgress ?? (() => undefined);
  if (store.hasBlob(blob.digest)) {
    onProgress({ type: "downloaded", digest: blob.digest, total: blob.size, cached: true });
    return;
  }
  const attempts = options.attempts ?? 5;
  const temp = store.tempPath(".partial");
  const partial = new Partial(await open(temp, "w"));
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await transfer(client, blob, partial, options.idleTimeoutMs ?? 60_000, options.signal, (received) =>
          onProgress({ type: "download", digest: blob.digest, received, total: blob.size }),
        );
        break;
      } catch (error) {
        if (options.signal?.aborted) throw new A3sError(ErrorCodes.CANCELLED, `download of ${blob.digest} abandoned`);
        if (!(error instanceof Interrupted || A3sError.is(error, ErrorCodes.UNAVAILABLE)) || attempt >= attempts) throw error;
        onProgress({ type: "retry", digest: blob.digest, attempt, reason: (error as Error).message });
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, 5000)));
      }
    }
    await partial.file.close();
    verifyBlob(`sha256:${partial.hash.digest("hex")}`, partial.received, { digest: blob.digest, size: blob.size });
    store.commitTemp(temp, blob.digest);
    onProgress({ type: "downloaded", digest: blob.digest, total: blob.size, cached: false });
  } catch (error) {
    await partial.file.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
}

async function transfer(
  client: RegistryClient,
  blob: Descriptor,
  partial: Partial,
  idleTimeoutMs: number,
  cancel: AbortSignal | undefined,
  progress: (received: number) => void,
): Promise<void> {
  const abort = new AbortController();
  let idle = setTimeout(() => abort.abort(), idleTimeoutMs);
  try {
    const signal = cancel ? AbortSignal.any([abort.signal, cancel]) : abort.signal;
    const response = await client.blob(blob.digest, partial.received, signal);
    if (partial.received > 0) {
      const start = response.status === 206 ? Number(/bytes (\d+)-/.exec(response.headers.get("content-range") ?? "")?.[1]) : 0;
      if (start !== partial.received) {
        if (start !== 0) {
          await response.body?.cancel();
          await partial.restart();
          throw new Interrupted(`the registry resumed at byte ${start} instead of ${partial.received}`);
        }
        await partial.restart();
      }
    }
    if (!response.body) throw new Interrupted("the registry sent no body");
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      clearTimeout(idle);
      idle = setTimeout(() => abort.abort(), idleTimeoutMs);
      if (partial.received + chunk.length > blob.size) {
        throw new A3sError(ErrorCodes.IMAGE_ERROR, `blob ${blob.digest} is larger than its declared ${blob.size} bytes`);
      }
      await partial.append(chunk);
      progress(partial.received);
    }
    if (partial.received < blob.size) throw new Interrupted(`the transfer ended after ${partial.received} of ${blob.size} bytes`);
  } catch (error) {
    if (error instanceof A3sError || error instanceof Interrupted) throw error;
    throw new Interrupted(`download interrupted: ${(error as Error).message}`, { cause: error });
  } finally {
    clearTimeout(idle);
  }
}
