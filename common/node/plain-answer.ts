import type { ServerResponse } from "node:http";

/** Ends an HTTP answer with a one-line plain-text message (refusals and errors). */
export function plainAnswer(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  response.end(`${message}\n`);
}
