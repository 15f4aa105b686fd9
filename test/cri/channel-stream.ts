// The client side of kubelet's WebSocket channel protocol (v5.channel.k8s.io), as client-go's
// WebSocket executor (crictl exec -r websocket) speaks it.
import { once } from "node:events";
import WebSocket from "ws";

export interface ChannelStream {
  stdout: () => string;
  stderr: () => string;
  /** The Kubernetes Status on channel 3, once the server closed the stream. */
  status: Promise<{ status: string; reason?: string; details?: { causes: { reason: string; message: string }[] } }>;
  send(text: string): void;
  closeStdin(): void;
  close(): void;
  /** Resolves once `text` appeared on stdout. */
  waitForStdout(text: string): Promise<void>;
}

export async function openChannelStream(url: string): Promise<ChannelStream> {
  const ws = new WebSocket(url.replace(/^http/, "ws"), ["v5.channel.k8s.io"]);
  const out = { 1: "", 2: "" } as Record<number, string>;
  let statusText = "";
  const waiters: (() => void)[] = [];
  ws.on("message", (data: Buffer) => {
    const channel = data[0]!;
    const text = data.subarray(1).toString("utf8");
    if (channel === 3) statusText += text;
    else out[channel] = (out[channel] ?? "") + text;
    for (const wake of waiters.splice(0)) wake();
  });
  const status = new Promise<ReturnType<typeof JSON.parse>>((resolve) => ws.once("close", () => resolve(JSON.parse(statusText || "{}"))));
  await once(ws, "open");
  if (ws.protocol !== "v5.channel.k8s.io") throw new Error(`server chose protocol "${ws.protocol}"`);
  return {
    stdout: () => out[1]!,
    stderr: () => out[2]!,
    status,
    send: (text) => ws.send(Buffer.concat([Buffer.of(0), Buffer.from(text)])),
    closeStdin: () => ws.send(Buffer.of(255, 0)),
    close: () => ws.close(),
    waitForStdout: async (text) => {
      while (!out[1]!.includes(text)) await new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
}
