/**
 * One CLIENT span per gRPC call into the agent (RPC semantic conventions), its W3C
 * `traceparent` put into the call's metadata so the agent continues the trace. Uses only
 * the OpenTelemetry API: without a registered SDK the span is a no-op and nothing is added.
 */
import * as grpc from "@grpc/grpc-js";
import { SpanKind, SpanStatusCode, context, propagation, trace } from "@opentelemetry/api";
import { ERROR_TYPE } from "../common/trace-attributes";
import { metadataSetter } from "../common/node/trace-metadata";

const tracer = trace.getTracer("a3s-box-client");

export function traceInterceptor(address: string): grpc.Interceptor {
  return (options, nextCall) => {
    // "/a3s.box.v1.AgentService/Generate"
    const [, service = "", method = ""] = options.method_definition.path.split("/");
    const span = tracer.startSpan(`${service}/${method}`, {
      kind: SpanKind.CLIENT,
      attributes: { "rpc.system": "grpc", "rpc.service": service, "rpc.method": method, "server.address": address },
    });
    const spanContext = trace.setSpan(context.active(), span);
    return new grpc.InterceptingCall(
      nextCall(options),
      new grpc.RequesterBuilder()
        .withStart((metadata, listener, next) => {
          propagation.inject(spanContext, metadata, metadataSetter);
          next(metadata, new grpc.ListenerBuilder().withOnReceiveStatus((status, nextStatus) => {
            span.setAttribute("rpc.grpc.status_code", status.code);
            if (status.code !== grpc.status.OK) {
              span.setAttribute(ERROR_TYPE, grpc.status[status.code] ?? String(status.code));
              span.setStatus({ code: SpanStatusCode.ERROR, message: status.details });
            }
            span.end();
            nextStatus(status);
          }).build());
        })
        .build(),
    );
  };
}
