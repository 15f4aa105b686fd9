import { StringDecoder } from "node:string_decoder";

/** The one marker that says output was cut, and by how much. */
export function truncationMarker(omitted: number): string {
  return `\n… [output truncated: ${omitted} more characters not shown]`;
}

export function truncateText(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}${truncationMarker(text.length - limit)}`;
}

/** Collects a byte stream as text up to `limit` characters; the rest is counted, not kept. */
export class OutputCap {
  private text = "";
  private omitted = 0;
  private readonly decoder = new StringDecoder("utf8");

  constructor(private readonly limit: number) {}

  add = (data: Buffer): void => {
    const chunk = this.decoder.write(data);
    const room = Math.max(this.limit - this.text.length, 0);
    this.text += chunk.slice(0, room);
    this.omitted += Math.max(chunk.length - room, 0);
  };

  /** What was kept, with the marker when something was cut. */
  result(): string {
    const rest = this.decoder.end();
    if (rest) this.add(Buffer.from(rest));
    return this.omitted > 0 ? `${this.text}${truncationMarker(this.omitted)}` : this.text;
  }
}
