/**
 * Browser mode: serves the built renderer and BoxApi (over a WebSocket) on one local port.
 * Every request and socket must carry the token: `?token=` on the first page load (which
 * sets an HttpOnly, SameSite=Strict cookie for the rest), the cookie, or a Bearer header.
 * Every request must also name this server in its Host header: an IP address, localhost, or
 * a name it was told to serve. A page on another name that DNS rebinding points here is
 * refused, since browsers send that page's own name.
 */
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { isIP, type AddressInfo } from "node:net";
import { extname, join, resolve } from "node:path";
import { WebSocketServer, type WebSocket } from "ws";
import { A3sError } from "../sdk/index";
import type { BoxApi, WsClientFrame, WsServerFrame } from "../sdk/index";
import { isInside } from "../common/node/confine-path";
import { plainAnswer as refuse } from "../common/node/plain-answer";
import { envLogger, type Logger } from "../common/node/logger";
import { tokenMatches, bearerToken } from "../common/node/token";
import { createBoxApiDispatcher } from "../runtime/service/box-api-schema";
import { answerMetrics, type MetricsScrape } from "../runtime/telemetry/metrics-endpoint";

const COOKIE = "a3s_box_token";
const MAX_FRAME_BYTES = 16 * 1024 * 1024;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ttf": "font/ttf",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".map": "application/json",
};

export interface ServeOptions {
  api: BoxApi;
  rendererDir: string;
  host: string;
  port: number;
  token?: string;
  /** More names the server answers to in the Host header (e.g. behind a proxy); IP addresses and localhost always pass. */
  hostNames?: readonly string[];
  /** Prometheus metrics for `GET /metrics` (token required like every request: Bearer for a scraper). */
  metrics?: MetricsScrape;
  /** Where failures to answer go (default: JSON lines at the level of `A3S_LOG`). */
  log?: Logger;
}

export interface RunningServer {
  url: string;
  token: string;
  close(): Promise<void>;
}

function cookieToken(request: IncomingMessage): string | undefined {
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === COOKIE) return value.join("=");
  }
  return undefined;
}

function requestUrl(request: IncomingMessage): URL {
  return new URL(request.url ?? "/", "http://localhost");
}

/** The host name of a Host header, without port or IPv6 brackets, lower case; undefined when absent. */
function hostName(request: IncomingMessage): string | undefined {
  const header = request.headers.host;
  if (!header) return undefined;
  const bracketed = /^\[([^\]]+)\](:\d+)?$/.exec(header);
  return (bracketed ? bracketed[1]! : header.replace(/:\d+$/, "")).toLowerCase();
}

export async function startServeServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString("hex");
  const rendererDir = resolve(options.rendererDir);
  const dispatch = createBoxApiDispatcher(options.api);
  const log = options.log ?? envLogger("serve");

  const names = new Set(["localhost", ...(isIP(options.host) ? [] : [options.host]), ...(options.hostNames ?? [])].map((n) => n.toLowerCase()));
  const hostRefusal = (request: IncomingMessage): string | undefined => {
    const name = hostName(request);
    if (name !== undefined && (isIP(name) !== 0 || names.has(name))) return undefined;
    return `this server does not answer to the name ${JSON.stringify(request.headers.host ?? "")} (Host header); open it by IP address, localhost or a name given with --host-name`;
  };

  const authorised = (request: IncomingMessage): boolean =>
    [requestUrl(request).searchParams.get("token") ?? undefined, cookieToken(request), bearerToken(request.headers.authorization)].some((given) => tokenMatches(given, token));

  async function serveFile(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== "GET" && request.method !== "HEAD") return refuse(response, 405, "method not allowed");
    const url = requestUrl(request);
    const wanted = url.pathname === "/" ? "index.html" : decodeURIComponent(url.pathname.slice(1));
    const file = resolve(join(rendererDir, wanted));
    if (!isInside(rendererDir, file)) return refuse(response, 404, "not found");
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return refuse(response, 404, "not found");
    const headers: Record<string, string> = {
      "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
      "content-length": String(info.size),
      "content-security-policy": CONTENT_SECURITY_POLICY,
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "cache-control": "no-store",
    };
    if (url.searchParams.has("token")) headers["set-cookie"] = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    response.writeHead(200, headers);
    if (request.method === "HEAD") return void response.end();
    createReadStream(file).pipe(response);
  }

  const server: Server = createServer((request, response) => {
    const wrongHost = hostRefusal(request);
    if (wrongHost) return refuse(response, 403, wrongHost);
    if (!authorised(request)) return refuse(response, 401, "a valid token is required: open the URL that `a3s-box serve` printed");
    const answer = options.metrics && requestUrl(request).pathname === "/metrics" ? answerMetrics(request, response, options.metrics) : serveFile(request, response);
    answer.catch((error: unknown) => {
      log.error("cannot answer", { path: requestUrl(request).pathname, error: A3sError.from(error).message });
      if (!response.headersSent) refuse(response, 500, "internal error");
      else response.destroy();
    });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on("upgrade", (request, socket, head) => {
    if (hostRefusal(request)) {
      socket.end("HTTP/1.1 403 Forbidden\r\nconnection: close\r\n\r\n");
      return;
    }
    const origin = request.headers.origin;
    const sameOrigin = origin === undefined || origin === `http://${request.headers.host}`;
    if (requestUrl(request).pathname !== "/api" || !authorised(request) || !sameOrigin) {
      socket.end("HTTP/1.1 401 Unauthorized\r\nconnection: close\r\n\r\n");
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serveSocket(ws, dispatch, options.api));
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    token,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((done) => sockets.close(() => done()));
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

function serveSocket(ws: WebSocket, dispatch: ReturnType<typeof createBoxApiDispatcher>, api: BoxApi): void {
  const send = (frame: WsServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const unsubscribe = api.onEvent((event) => send({ event }));
  ws.on("close", unsubscribe);
  ws.on("message", (data, isBinary) => {
    let frame: WsClientFrame;
    try {
      if (isBinary) throw new Error("binary frames are not accepted");
      frame = JSON.parse(data.toString()) as WsClientFrame;
      if (!Number.isSafeInteger(frame?.id)) throw new Error("a call needs a numeric id");
    } catch (error) {
      ws.close(1003, `bad frame: ${(error as Error).message}`.slice(0, 120));
      return;
    }
    dispatch(frame.method, frame.args).then(
      (result) => send({ id: frame.id, result: result ?? null }),
      (error: unknown) => send({ id: frame.id, error: A3sError.from(error).toJSON() }),
    );
  });
}

