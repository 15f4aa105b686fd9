import {
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { pipeline } from "node:stream";
import { GatewayStatus, sendGatewayError } from "./gateway-errors";
import type { UpstreamConfig } from "./providers";
import { upstreamRequestHeaders } from "./request-headers";
import { UsageMeter, type MeteredUsage } from "./usage-meter";

/** Headers that describe one connection, never forwarded (RFC 9110 §7.6.1), plus Host. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
]);

/** A response's headers without those that describe the connection. */
function withoutConnectionHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const listed = new Set(
    String(headers["connection"] ?? "")
      .split(",")
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || listed.has(name)) continue;
    out[name] = value;
  }
  return out;
}

/** The status logged for a request whose box went away before any answer (nginx's convention). */
const CLIENT_CLOSED = 499;

export interface ForwardOutcome extends MeteredUsage {
  status: number;
  bytesOut: number;
}

export interface UpstreamAgents {
  http: HttpAgent;
  https: HttpsAgent;
}

export function createUpstreamAgents(): UpstreamAgents {
  return { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
}

/**
 * Sends the guest's request to `target` and streams the answer back as it arrives: bytes
 * untouched (SSE, NDJSON), with backpressure both ways, counting the tokens it reports.
 * When the guest goes away before the answer is complete, the upstream request is
 * destroyed too, so the provider stops generating.
 */
export function forwardRequest(
  req: IncomingMessage,
  res: ServerResponse,
  upstream: UpstreamConfig,
  target: URL,
  agents: UpstreamAgents,
  /** Told how the request ended: the status the guest got, the bytes and the usage of the answer. */
  onDone: (outcome: ForwardOutcome) => void,
): void {
  const isHttps = target.protocol === "https:";
  const upstreamReq = (isHttps ? httpsRequest : httpRequest)(target, {
    method: req.method,
    headers: upstreamRequestHeaders(req.headers, upstream),
    agent: isHttps ? agents.https : agents.http,
  });

  let responded = false;
  res.on("close", () => {
    if (!res.writableFinished) upstreamReq.destroy();
  });

  upstreamReq.on("response", (upstreamRes) => {
    responded = true;
    res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, withoutConnectionHeaders(upstreamRes.headers));
    res.flushHeaders();
    const meter = new UsageMeter();
    let bytesOut = 0;
    upstreamRes.on("data", (chunk: Buffer) => {
      bytesOut += chunk.length;
      meter.add(chunk);
    });
    upstreamRes.on("close", () => onDone({ status: upstreamRes.statusCode ?? 502, bytesOut, ...meter.usage() }));
    pipeline(upstreamRes, res, () => {
      // Errors here are an abort on either side; both streams are already destroyed.
    });
  });

  upstreamReq.on("error", (error: NodeJS.ErrnoException) => {
    // Once the answer has begun, its "close" reports the request.
    if (!responded) onDone({ status: res.destroyed ? CLIENT_CLOSED : GatewayStatus.UPSTREAM_UNREACHABLE, bytesOut: 0, inputTokens: 0, outputTokens: 0 });
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    sendGatewayError(
      res,
      upstream.spec.auth,
      GatewayStatus.UPSTREAM_UNREACHABLE,
      `cannot reach ${upstream.spec.name} at ${target.origin} (${error.code ?? error.message}); check ${upstream.spec.baseUrlVar} on the host`,
    );
  });

  pipeline(req, upstreamReq, () => {
    // A failed request body destroys upstreamReq, whose "error" handler answers the guest.
  });
}
