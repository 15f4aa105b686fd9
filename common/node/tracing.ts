/**
 * The OpenTelemetry SDK, started only when the standard OTLP variables ask for it: the host
 * service and the agent each call `startTracing` once. Without `OTEL_EXPORTER_OTLP_ENDPOINT`
 * or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` nothing is started and every span is the API's no-op.
 */
import { context, propagation, trace, type Attributes } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, TracerProvider, type ReadableSpan } from "@opentelemetry/sdk-trace";

export type TraceEnv = Readonly<Record<string, string | undefined>>;

export interface Tracing {
  /** Hands spans made elsewhere (a box's) to this process's export pipeline. */
  exportSpans(spans: ReadableSpan[]): void;
  /** Sends every finished span now. */
  flush(): Promise<void>;
  /** Flushes, then stops exporting and unregisters the SDK. */
  shutdown(): Promise<void>;
}

/** Whether the environment asks for traces: an OTLP endpoint is set and tracing is not switched off. */
export function tracingWanted(env: TraceEnv): boolean {
  if (env["OTEL_SDK_DISABLED"]?.trim().toLowerCase() === "true") return false;
  if (env["OTEL_TRACES_EXPORTER"]?.trim().toLowerCase() === "none") return false;
  return Boolean(env["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]?.trim() || env["OTEL_EXPORTER_OTLP_ENDPOINT"]?.trim());
}

let started: Tracing | undefined;

/**
 * Registers a tracer provider exporting OTLP/HTTP (JSON) where the OTEL_EXPORTER_OTLP_*
 * variables of this process say, with the W3C trace-context propagator and an async context
 * manager; undefined (and nothing registered) when `tracingWanted(env)` is false. Once per process.
 */
export function startTracing(env: TraceEnv, resource: Attributes): Tracing | undefined {
  if (started || !tracingWanted(env)) return started;
  const processor = new BatchSpanProcessor({ exporter: new OTLPTraceExporter() });
  const provider = new TracerProvider({ resource: resourceFromAttributes(resource), spanProcessors: [processor] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  trace.setGlobalTracerProvider(provider);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  context.setGlobalContextManager(contextManager);
  let stopping: Promise<void> | undefined;
  const tracing: Tracing = {
    exportSpans: (spans) => spans.forEach((span) => processor.onEnd(span)),
    flush: () => provider.forceFlush(),
    shutdown: () =>
      (stopping ??= provider.shutdown().finally(() => {
        trace.disable();
        propagation.disable();
        context.disable();
        started = undefined;
      })),
  };
  started = tracing;
  return tracing;
}

/** The tracing this process started, if any. */
export function activeTracing(): Tracing | undefined {
  return started;
}
