import * as grpc from "@grpc/grpc-js";
import { ImageStore } from "../image";
import { serviceHandlers, type CriHandlers } from "./cri-handlers";
import { criServices } from "./cri-proto";
import { prepareSocketPath, restrictSocket, unixSocketPath } from "./cri-socket";
import { imageHandlers } from "./image-service";
import { runtimeInfoHandlers } from "./runtime-info";

export interface CriServerOptions {
  /** `unix:///run/a3s-box/cri.sock` (what kubelet and crictl use) or `host:port`. */
  listen: string;
  /** The package version, reported by Version. */
  version: string;
  /** The image store (default: the user's, $A3S_BOX_IMAGE_STORE or ~/.cache/a3s-box/images). */
  store?: ImageStore;
  /** Registries (host:port) that may be reached over plain HTTP; localhost always may. */
  insecureRegistries?: string[];
  /** RuntimeService methods beyond the handshakes (pod sandboxes, containers, exec). */
  runtime?: CriHandlers;
  /** RuntimeClass handlers accepted besides the default "" (each maps to this runtime). */
  runtimeHandlers?: string[];
}

export interface CriServer {
  /** The address it listens on (for TCP, with the port chosen). */
  readonly address: string;
  close(): Promise<void>;
}

/** Serves CRI v1 `runtime.v1.RuntimeService` and `runtime.v1.ImageService`. */
export async function startCriServer(options: CriServerOptions): Promise<CriServer> {
  const services = criServices();
  const handlers = ["", ...(options.runtimeHandlers ?? [])];
  const server = new grpc.Server();
  server.addService(services.RuntimeService.service, serviceHandlers(services.RuntimeService.service, { ...runtimeInfoHandlers(options.version, handlers), ...options.runtime }));
  server.addService(
    services.ImageService.service,
    serviceHandlers(services.ImageService.service, imageHandlers({ store: options.store ?? new ImageStore(), insecureRegistries: options.insecureRegistries ?? [] })),
  );
  const socketPath = unixSocketPath(options.listen);
  if (socketPath) await prepareSocketPath(socketPath);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(options.listen, grpc.ServerCredentials.createInsecure(), (error, p) => (error ? reject(error) : resolve(p))),
  );
  if (socketPath) await restrictSocket(socketPath);
  const address = socketPath ? options.listen : options.listen.replace(/:\d+$/, `:${port}`);
  return {
    address,
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
      }),
  };
}
