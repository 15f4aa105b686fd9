import type { ServerResponse } from "node:http";

/** Writes one streamed response, pausing between events when asked to. */
export class WireWriter {
  constructor(private readonly res: ServerResponse, private readonly delayMs: number) {}

  async send(text: string): Promise<void> {
    if (this.res.destroyed) return;
    this.res.write(text);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
  }

  /** One server-sent event, as Anthropic writes them (`event:` + `data:`). */
  event(name: string, data: unknown): Promise<void> {
    return this.send(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** One server-sent event, as OpenAI writes them (`data:` only). */
  data(data: unknown): Promise<void> {
    return this.send(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`);
  }

  /** One NDJSON line, as Ollama writes them. */
  line(data: unknown): Promise<void> {
    return this.send(`${JSON.stringify(data)}\n`);
  }
}
