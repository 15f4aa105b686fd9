// A CRI v1 client on the vendored api.proto, the way crictl talks to a runtime: every call
// unary, promisified; errors keep their gRPC status code and details.
import * as grpc from "@grpc/grpc-js";
import { criServices } from "../../runtime/cri/cri-proto";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- wire messages: each test's expectations check their shape
export type Call = (request?: Record<string, unknown>) => Promise<any>;

const RUNTIME_METHODS = [
  "Version", "Status", "UpdateRuntimeConfig", "RunPodSandbox", "StopPodSandbox", "RemovePodSandbox", "PodSandboxStatus", "ListPodSandbox",
  "CreateContainer", "StartContainer", "StopContainer", "RemoveContainer", "ContainerStatus", "ListContainers", "ExecSync", "Exec", "Attach", "PortForward",
] as const;
const IMAGE_METHODS = ["ListImages", "ImageStatus", "PullImage", "RemoveImage", "ImageFsInfo"] as const;

export interface CriClient {
  runtime: Record<(typeof RUNTIME_METHODS)[number], Call>;
  image: Record<(typeof IMAGE_METHODS)[number], Call>;
  close(): void;
}

function promisify<Name extends string>(client: grpc.Client, names: readonly Name[]): Record<Name, Call> {
  return new Proxy({} as Record<Name, Call>, {
    get: (_, name: string) => (request: Record<string, unknown> = {}) =>
      new Promise((resolve, reject) => {
        const method = (client as unknown as Record<string, (r: unknown, o: grpc.CallOptions, cb: (e: grpc.ServiceError | null, v: unknown) => void) => void>)[name];
        if (!method || !(names as readonly string[]).includes(name)) return reject(new Error(`no method ${name}`));
        method.call(client, request, { deadline: Date.now() + 600_000 }, (error, value) => (error ? reject(error) : resolve(value)));
      }),
  });
}

export function criClient(address: string): CriClient {
  const { RuntimeService, ImageService } = criServices();
  const runtime = new RuntimeService(address, grpc.credentials.createInsecure());
  const image = new ImageService(address, grpc.credentials.createInsecure());
  return {
    runtime: promisify(runtime, RUNTIME_METHODS),
    image: promisify(image, IMAGE_METHODS),
    close: () => {
      runtime.close();
      image.close();
    },
  };
}
