import { startMetricsServer, type MetricsScrape, type MetricsServer } from "../runtime/telemetry/metrics-endpoint";

/**
 * The app's Prometheus endpoint, off unless `A3S_BOX_METRICS_LISTEN=host:port` is set: loopback
 * unless `A3S_BOX_METRICS_ALLOW_REMOTE=1`, Bearer token `A3S_BOX_METRICS_TOKEN` or a random one.
 */
export async function startAppMetrics(env: NodeJS.ProcessEnv, scrape: MetricsScrape): Promise<MetricsServer | undefined> {
  const listen = env["A3S_BOX_METRICS_LISTEN"];
  if (!listen) return undefined;
  const token = env["A3S_BOX_METRICS_TOKEN"];
  return startMetricsServer({ listen, scrape, allowRemote: env["A3S_BOX_METRICS_ALLOW_REMOTE"] === "1", ...(token ? { token } : {}) });
}
