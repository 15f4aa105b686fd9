/**
 * The gateway's SERVER span for one model request of a box: the child of the agent's
 * `chat {model}` span when the request carries its `traceparent`. Only the API is used;
 * without the host's SDK it is a no-op.
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, propagation, trace, type Span } from "@opentelemetry/api";
import type { IncomingMessage } from "node:http";
import type { GatewayRequestRecord } from "../../common/audit";
import { BOX_ID, ERROR_TYPE, GenAi } from "../../common/trace-attributes";

const tracer = trace.getTracer("a3s-box-gateway");

/** `route` is the path without the box's token, e.g. /anthropic/v1/messages. */
export function startGatewaySpan(req: IncomingMessage, route: string, boxId: string | undefined): Span {
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  return tracer.startSpan(
    `${req.method ?? "GET"} ${route}`,
    {
      kind: SpanKind.SERVER,
      attributes: { "http.request.method": req.method ?? "", "http.route": route, ...(boxId ? { [BOX_ID]: boxId } : {}) },
    },
    parent,
  );
}

/** Ends the span with what the request's audit record says. */
export function endGatewaySpan(span: Span, record: GatewayRequestRecord): void {
  span.setAttributes({
    "http.response.status_code": record.status,
    ...(record.provider ? { [GenAi.PROVIDER]: record.provider } : {}),
    ...(record.model ? { [GenAi.RESPONSE_MODEL]: record.model } : {}),
    [GenAi.INPUT_TOKENS]: record.inputTokens,
    [GenAi.OUTPUT_TOKENS]: record.outputTokens,
    ...(record.refused ? { "a3s.gateway.refused": record.refused } : {}),
  });
  if (record.status >= 400) {
    span.setAttribute(ERROR_TYPE, String(record.status));
    span.setStatus({ code: SpanStatusCode.ERROR, ...(record.refused ? { message: record.refused } : {}) });
  }
  span.end();
}
