import { homedir } from "node:os";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { ImageStore } from "../image";
import { serviceHandlers } from "./cri-handlers";
import { criServices } from "./cri-proto";
import { prepareSocketPath, restrictSocket, unixSocketPath } from "./cri-socket";
import { imageHandlers } from "./image-service";
import { runtimeInfoHandlers } from "./runtime-info";
import { CriRuntime } from "./runtime-service";
import { StreamingServer } from "./streaming-server";
import { metricsAddress, startMetricsServer, type MetricsServer } from "../telemetry/metrics-endpoint";

export interface CriServerOptions {
  /** `unix:///run/a3s-box/cri.sock` (what kubelet and crictl use) or `host:port`. */
  listen: string;
  /** The package version, reported by Version. */
  version: string;
  /** The image store (default: the user's, $A3S_BOX_IMAGE_STORE or ~/.cache/a3s-box/images). */
  store?: ImageStore;
  /** Registries (host:port) that may be reached over plain HTTP; localhost always may. */
  insecureRegistries?: string[];
  /** Where pod sandboxes keep their folders (default $XDG_STATE_HOME/a3s-box/cri, ~/.local/state). */
  stateDir?: string;
  /** Where the Exec/Attach streaming server listens (default 127.0.0.1, any free port). */
  streamingHost?: string;
  streamingPort?: number;
  /** How long a pod sandbox's VM may take to boot (default Box's 120 s). */
  bootTimeoutMs?: number;
  /** RuntimeClass handlers accepted besides the default "" (each maps to this runtime). */
  runtimeHandlers?: string[];
  /** Serve Prometheus `/metrics` on `listen` (host:port, loopback unless `allowRemote`), Bearer `token` (default: random). */
  metrics?: { listen: string; allowRemote?: boolean; token?: string };
}

export interface CriServer {
  /** The address it listens on (for TCP, with the port chosen). */
  readonly address: string;
  /** The metrics endpoint's URL and token, when asked for. */
  readonly metrics?: { url: string; token: string };
  close(): Promise<void>;
}

/** Serves CRI v1 `runtime.v1.RuntimeService` and `runtime.v1.ImageService`. */
export async function startCriServer(options: CriServerOptions): Promise<CriServer> {
  if (options.metrics) metricsAddress(options.metrics.listen, options.metrics.allowRemote);
  const services = criServices();
  const runtimeHandlers = options.runtimeHandlers ?? [];
  const store = options.store ?? new ImageStore();
  const streaming = await StreamingServer.start(options.streamingHost, options.streamingPort);
  const runtime = new CriRuntime({
    store,
    streaming,
    stateDir: options.stateDir ?? defaultStateDir(),
    runtimeHandlers,
    ...(options.bootTimeoutMs ? { bootTimeoutMs: options.bootTimeoutMs } : {}),
  });
  const server = new grpc.Server();
  server.addService(
    services.RuntimeService.service,
    serviceHandlers(services.RuntimeService.service, { ...runtimeInfoHandlers(options.version, ["", ...runtimeHandlers]), ...runtime.handlers() }),
  );
  server.addService(services.ImageService.service, serviceHandlers(services.ImageService.service, imageHandlers({ store, insecureRegistries: options.insecureRegistries ?? [] })));
  const socketPath = unixSocketPath(options.listen);
  if (socketPath) await prepareSocketPath(socketPath);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(options.listen, grpc.ServerCredentials.createInsecure(), (error, p) => (error ? reject(error) : resolve(p))),
  );
  if (socketPath) await restrictSocket(socketPath);
  const address = socketPath ? options.listen : options.listen.replace(/:\d+$/, `:${port}`);
  const close = async (metrics?: MetricsServer) => {
    await metrics?.close();
    await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
    await streaming.close();
    await runtime.close();
  };
  let metrics: MetricsServer | undefined;
  if (options.metrics) {
    metrics = await startMetricsServer({ ...options.metrics, scrape: () => runtime.metrics.scrape() }).catch(async (error: unknown) => {
      await close();
      throw error;
    });
  }
  return {
    address,
    ...(metrics ? { metrics: { url: metrics.url, token: metrics.token } } : {}),
    close: () => close(metrics),
  };
}

function defaultStateDir(): string {
  return join(process.env["XDG_STATE_HOME"] || join(homedir(), ".local", "state"), "a3s-box", "cri");
}
