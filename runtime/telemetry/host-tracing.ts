import { startTracing, type Tracing } from "../../common/node/tracing";

/**
 * The host service's tracing (the app, `serve`, `cri`, the CLI's boxes): started when the
 * OTEL_EXPORTER_OTLP_* variables of this process ask for it, and flushed when it exits.
 */
export function startHostTracing(version: string, env: NodeJS.ProcessEnv = process.env): Tracing | undefined {
  const tracing = startTracing(env, { "service.name": env["OTEL_SERVICE_NAME"]?.trim() || "a3s-box", "service.version": version });
  if (tracing) process.once("beforeExit", () => void tracing.shutdown());
  return tracing;
}
