/**
 * `GET /metrics` over HTTP: the answer `a3s-box serve` gives on its UI port, and a server of
 * its own for services without one (`a3s-box cri --metrics-listen`). Loopback unless remote
 * listening is asked for by name; every scrape carries the token as a Bearer header.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { A3sError, ErrorCodes } from "../../common/errors";
import { isLoopbackHost } from "../../common/loopback";
import { envLogger, type Logger } from "../../common/node/logger";
import { plainAnswer } from "../../common/node/plain-answer";
import { bearerToken, tokenMatches } from "../../common/node/token";

export type MetricsScrape = () => Promise<{ contentType: string; text: string }>;

/** Answers one request for /metrics (already authorised) with the scrape's text. */
export async function answerMetrics(request: IncomingMessage, response: ServerResponse, scrape: MetricsScrape): Promise<void> {
  if (request.method !== "GET") return plainAnswer(response, 405, "method not allowed");
  const { contentType, text } = await scrape();
  response.writeHead(200, { "content-type": contentType, "cache-control": "no-store" });
  response.end(text);
}

export interface MetricsServerOptions {
  /** `host:port` (port 0: any free one); IPv6 addresses in brackets. */
  listen: string;
  scrape: MetricsScrape;
  /** Listen on an address other machines can reach (plain HTTP). */
  allowRemote?: boolean;
  /** The scrapers' Bearer token (default: a random one). */
  token?: string;
  /** Where failures to answer go (default: JSON lines at the level of `A3S_LOG`). */
  log?: Logger;
}

export interface MetricsServer {
  /** `http://host:port/metrics`, with the port chosen. */
  readonly url: string;
  readonly token: string;
  close(): Promise<void>;
}

/** Splits `host:port`, refusing anything else and a non-loopback host unless allowed. */
export function metricsAddress(listen: string, allowRemote = false): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(listen);
  const port = Number(match?.[2]);
  if (!match || port > 65535) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `the metrics address must be host:port, got ${JSON.stringify(listen)}`);
  const host = match[1]!.replace(/^\[(.*)\]$/, "$1");
  if (!isLoopbackHost(host) && !allowRemote) {
    throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `the metrics address ${listen} lets other machines scrape over plain HTTP (the token travels unencrypted); pass --allow-remote-metrics (allowRemote) to do it anyway, or keep 127.0.0.1 and tunnel`);
  }
  return { host, port };
}

export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const { host, port } = metricsAddress(options.listen, options.allowRemote);
  const token = options.token ?? randomBytes(24).toString("hex");
  const log = options.log ?? envLogger("metrics");
  const server = createServer((request, response) => {
    if (new URL(request.url ?? "/", "http://localhost").pathname !== "/metrics") return plainAnswer(response, 404, "not found: only /metrics is served here");
    if (!tokenMatches(bearerToken(request.headers.authorization), token)) return plainAnswer(response, 401, "a valid token is required: send it as `authorization: Bearer <token>`");
    answerMetrics(request, response, options.scrape).catch((error: unknown) => {
      log.error("cannot answer", { error: A3sError.from(error).message });
      if (!response.headersSent) plainAnswer(response, 500, "internal error");
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${(server.address() as AddressInfo).port}/metrics`,
    token,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
