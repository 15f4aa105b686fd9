/** The vendored CRI v1 api.proto (proto/cri/), loaded once for the server and for clients. */
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { PROTO_LOADER_OPTIONS } from "../../common/proto";
import { packageRoot } from "../paths";

export const CRI_PROTO_PATH = join(packageRoot, "proto/cri/api.proto");

export interface CriServices {
  RuntimeService: grpc.ServiceClientConstructor;
  ImageService: grpc.ServiceClientConstructor;
}

let loaded: CriServices | undefined;

/** `runtime.v1.RuntimeService` and `runtime.v1.ImageService`, with the project's proto-loader options. */
export function criServices(): CriServices {
  if (!loaded) {
    const root = grpc.loadPackageDefinition(protoLoader.loadSync(CRI_PROTO_PATH, PROTO_LOADER_OPTIONS)) as unknown as { runtime: { v1: CriServices } };
    loaded = root.runtime.v1;
  }
  return loaded;
}
