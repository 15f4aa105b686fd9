import { closeSync, openSync, readFileSync, renameSync, statSync, writeSync } from "node:fs";

/**
 * An append-only log file that never grows past `maxBytes` on disk: when full it becomes
 * `<path>.1` (replacing the previous one) and a new file starts. `tail()` reads across both.
 */
export class CappedLog {
  private fd: number;
  private size: number;

  constructor(
    readonly path: string,
    private readonly maxBytes = 1024 * 1024,
  ) {
    this.fd = openSync(path, "a");
    this.size = statSync(path).size;
  }

  write(chunk: Buffer | string): void {
    if (this.fd < 0) return;
    const data = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    if (this.size + data.length > this.maxBytes && this.size > 0) {
      closeSync(this.fd);
      renameSync(this.path, `${this.path}.1`);
      this.fd = openSync(this.path, "a");
      this.size = 0;
    }
    const slice = data.length > this.maxBytes ? data.subarray(data.length - this.maxBytes) : data;
    writeSync(this.fd, slice);
    this.size += slice.length;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  tail(maxBytes = 4096): string {
    return tailOfLog(this.path, maxBytes);
  }
}

/** The last `maxBytes` of a CappedLog's files (works after the writer is gone). */
export function tailOfLog(path: string, maxBytes = 4096): string {
  const read = (p: string) => {
    try {
      return readFileSync(p);
    } catch {
      return Buffer.alloc(0);
    }
  };
  const current = read(path);
  const both = current.length >= maxBytes ? current : Buffer.concat([read(`${path}.1`), current]);
  return both.subarray(Math.max(0, both.length - maxBytes)).toString("utf8");
}
