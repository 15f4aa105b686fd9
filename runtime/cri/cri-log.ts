import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { dirname } from "node:path";
import { StringDecoder } from "node:string_decoder";

/**
 * A container's log file in the CRI format that kubelet and `crictl logs` read:
 * `<RFC 3339 time> <stdout|stderr> <F|P> <text>` per line. A line cut short by the end of the
 * stream is written whole (F) when the stream ends.
 */
export class CriLog {
  private readonly file: WriteStream;
  private readonly pending = { stdout: "", stderr: "" };
  /** A character split between two chunks is decoded whole. */
  private readonly decoders = { stdout: new StringDecoder("utf8"), stderr: new StringDecoder("utf8") };

  constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.file = createWriteStream(path, { flags: "a", mode: 0o640 });
    this.file.on("error", () => {});
  }

  write(stream: "stdout" | "stderr", data: Buffer): void {
    const lines = (this.pending[stream] + this.decoders[stream].write(data)).split("\n");
    this.pending[stream] = lines.pop()!;
    for (const line of lines) this.line(stream, "F", line);
  }

  async close(): Promise<void> {
    for (const stream of ["stdout", "stderr"] as const) {
      if (this.pending[stream]) this.line(stream, "F", this.pending[stream]);
      this.pending[stream] = "";
    }
    await new Promise<void>((resolve) => this.file.end(resolve));
  }

  private line(stream: "stdout" | "stderr", tag: "F" | "P", text: string): void {
    this.file.write(`${new Date().toISOString()} ${stream} ${tag} ${text}\n`);
  }
}
