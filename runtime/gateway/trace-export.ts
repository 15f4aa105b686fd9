/**
 * `POST <gateway>/<token>/otlp/v1/traces`: where a box's agent sends its spans (OTLP/HTTP
 * JSON), since the guest cannot reach a collector and must never see its URL or headers.
 * The host checks and bounds the body, stamps the box's id and hands the spans to its own
 * exporter. Served only while the host exports traces.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { A3sError } from "../../common/errors";
import { plainAnswer } from "../../common/node/plain-answer";
import type { Tracing } from "../../common/node/tracing";
import { MAX_GUEST_TRACE_BYTES, guestSpans } from "../telemetry/guest-spans";

/** The path after the box's token; the guest's OTEL_EXPORTER_OTLP_TRACES_ENDPOINT points here. */
export const TRACE_EXPORT_PATH = "/otlp/v1/traces";

export interface GatewayTraces {
  /** The box this gateway serves: every span it sends gets this `a3s.box.id`. */
  boxId: string;
  tracing: Tracing;
}

/** `token` is the gateway's: an instrumented library may put it in a span (a URL) and it must not reach the collector. */
export function receiveGuestTraces(req: IncomingMessage, res: ServerResponse, path: string, traces: GatewayTraces | undefined, token: string): void {
  const refuse = (status: number, message: string) => {
    req.resume();
    plainAnswer(res, status, `a3s-box model gateway: ${message}`);
  };
  if (!traces) return refuse(404, "the host does not export traces (no OTEL_EXPORTER_OTLP_ENDPOINT on the host)");
  if (path !== TRACE_EXPORT_PATH) return refuse(404, `spans go to POST ${TRACE_EXPORT_PATH}`);
  if (req.method !== "POST") return refuse(405, `spans go to POST ${TRACE_EXPORT_PATH}`);
  if (!/^application\/json\s*(;|$)/i.test(req.headers["content-type"] ?? "")) return refuse(415, "send OTLP/HTTP JSON (content-type: application/json)");
  if (req.headers["content-encoding"] && req.headers["content-encoding"] !== "identity") return refuse(415, "send the body uncompressed");
  if (Number(req.headers["content-length"] ?? 0) > MAX_GUEST_TRACE_BYTES) return refuse(413, `an export is at most ${MAX_GUEST_TRACE_BYTES} bytes`);
  const parts: Buffer[] = [];
  let size = 0;
  req.on("data", (part: Buffer) => {
    size += part.length;
    if (size > MAX_GUEST_TRACE_BYTES) {
      req.removeAllListeners("data");
      req.removeAllListeners("end");
      refuse(413, `an export is at most ${MAX_GUEST_TRACE_BYTES} bytes`);
      return;
    }
    parts.push(part);
  });
  req.on("end", () => {
    try {
      // The token is [A-Za-z0-9_-]: JSON never escapes it, so a plain replace finds every copy.
      const body = Buffer.concat(parts).toString("utf8").replaceAll(token, "[redacted]");
      traces.tracing.exportSpans(guestSpans(body, traces.boxId));
    } catch (error) {
      refuse(400, A3sError.from(error).message);
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end("{}");
  });
}
