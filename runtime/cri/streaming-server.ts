import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { WebSocketServer, type WebSocket } from "ws";
import { A3sError, ErrorCodes } from "../../common/errors";
import type { GuestProcess } from "./guest-process";

/** The WebSocket subprotocols of kubelet's streaming server this one speaks (no SPDY). */
const PROTOCOLS = ["v5.channel.k8s.io", "v4.channel.k8s.io"];
const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;
const RESIZE = 4;
const CLOSE = 255;
/** How long a URL from Exec or Attach may wait for its one use (kubelet's streaming cache keeps them a minute). */
const URL_TTL_MS = 60_000;

export interface StreamRequest {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  /** Starts the process once the client connected, with its outputs routed to the socket. */
  start(handlers: { onStdout?: (data: Buffer) => void; onStderr?: (data: Buffer) => void }): GuestProcess;
}

/**
 * Exec and Attach streams, the way kubelet's streaming library serves them: the CRI call
 * returns a one-time URL on this server; the client opens it as a WebSocket speaking the
 * channel protocol (first byte: 0 stdin, 1 stdout, 2 stderr, 3 error status, 4 resize; in
 * v5, 255 closes a channel). The exit comes on channel 3 as a Kubernetes Status.
 */
export class StreamingServer {
  private readonly pending = new Map<string, { request: StreamRequest; timer: NodeJS.Timeout }>();
  private readonly sockets = new Set<WebSocket>();
  private readonly wss = new WebSocketServer({ noServer: true, handleProtocols: (offered) => PROTOCOLS.find((p) => offered.has(p)) ?? false });

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {
    server.on("upgrade", (request, socket, head) => {
      const token = /^\/(?:exec|attach)\/([A-Za-z0-9_-]+)$/.exec(request.url ?? "")?.[1];
      const entry = token === undefined ? undefined : this.pending.get(token);
      if (!entry) {
        socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\nno such stream (each URL serves one connection, within a minute)\n");
        return;
      }
      this.pending.delete(token!);
      clearTimeout(entry.timer);
      this.wss.handleUpgrade(request, socket, head, (ws) => this.serve(ws, entry.request));
    });
    server.on("request", (_request, response) => {
      response.writeHead(400, { "content-type": "text/plain" }).end("a3s-box serves exec and attach over WebSocket (v5.channel.k8s.io) only, not SPDY: use `crictl exec -r websocket`\n");
    });
  }

  static async start(host = "127.0.0.1", port = 0): Promise<StreamingServer> {
    const server = createServer();
    server.listen(port, host);
    await once(server, "listening");
    const address = server.address() as { port: number };
    return new StreamingServer(server, `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`);
  }

  /** A URL that serves `request` once. */
  url(kind: "exec" | "attach", request: StreamRequest): string {
    if (!request.stdin && !request.stdout && !request.stderr) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, "one of stdin, stdout and stderr must be true");
    const token = randomBytes(24).toString("base64url");
    this.pending.set(token, { request, timer: setTimeout(() => this.pending.delete(token), URL_TTL_MS).unref() });
    return `${this.baseUrl}/${kind}/${token}`;
  }

  async close(): Promise<void> {
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    this.server.close();
    await once(this.server, "close");
  }

  private serve(ws: WebSocket, request: StreamRequest): void {
    this.sockets.add(ws);
    const send = (channel: number, data: Buffer | string) => {
      if (ws.readyState === ws.OPEN) ws.send(Buffer.concat([Buffer.of(channel), Buffer.from(data)]));
    };
    let process: GuestProcess;
    try {
      process = request.start({
        ...(request.stdout ? { onStdout: (data: Buffer) => send(STDOUT, data) } : {}),
        ...(request.stderr ? { onStderr: (data: Buffer) => send(STDERR, data) } : {}),
      });
    } catch (error) {
      send(ERROR, JSON.stringify(failureStatus((error as Error).message)));
      ws.close(1000);
      return;
    }
    ws.on("message", (raw: Buffer) => {
      const data = Buffer.isBuffer(raw) ? raw : Buffer.from(raw as ArrayBuffer);
      if (data[0] === STDIN && request.stdin) process.write(data.subarray(1));
      else if (data[0] === CLOSE && data[1] === STDIN) process.closeStdin();
      // RESIZE: no TTY is served, so there is nothing to resize.
      else if (data[0] !== RESIZE && data[0] !== CLOSE) ws.close(1008, `unexpected channel ${data[0]}`);
    });
    ws.on("close", () => {
      this.sockets.delete(ws);
      process.cancel();
    });
    process.exit.then(
      (exit) => send(ERROR, JSON.stringify(exit.code === 0 ? { metadata: {}, status: "Success" } : exitStatus(exit.code))),
      (error: unknown) => send(ERROR, JSON.stringify(failureStatus((error as Error).message))),
    ).finally(() => ws.close(1000));
  }
}

/** The Status kubelet sends for a non-zero exit (client-go turns it into an exit code). */
function exitStatus(code: number) {
  return {
    metadata: {},
    status: "Failure",
    message: `command terminated with non-zero exit code: ${code}`,
    reason: "NonZeroExitCode",
    details: { causes: [{ reason: "ExitCode", message: String(code) }] },
  };
}

function failureStatus(message: string) {
  return { metadata: {}, status: "Failure", message, reason: "InternalError" };
}
