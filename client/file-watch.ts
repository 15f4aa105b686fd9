/**
 * `client.watchFiles`: one WatchFiles stream per subscription; resolves once the agent
 * watches (it sends the stream's headers then), so no change after that is missed.
 */
import type * as grpc from "@grpc/grpc-js";
import type { FileChange } from "../common/files";
import type { AgentServiceClient } from "../common/generated/a3s/box/v1/AgentService";
import type { FileChange__Output } from "../common/generated/a3s/box/v1/FileChange";
import { fromGrpcError } from "./grpc-errors";

export interface FileWatchTransport {
  raw: AgentServiceClient;
  address: string;
  metadata(): grpc.Metadata;
}

export function subscribeFiles(
  transport: FileWatchTransport,
  path: string,
  onChange: (change: FileChange) => void,
  onError: (error: Error) => void = () => undefined,
): Promise<() => void> {
  const call = transport.raw.WatchFiles({ path }, transport.metadata());
  call.on("data", (change: FileChange__Output) => onChange({ kind: change.kind as FileChange["kind"], path: change.path }));
  return new Promise((resolve, reject) => {
    let ready = false;
    let stopped = false;
    const stop = () => {
      stopped = true;
      call.cancel();
    };
    call.once("metadata", () => {
      ready = true;
      resolve(stop);
    });
    call.on("error", (err: grpc.ServiceError) => {
      if (!ready) reject(fromGrpcError(err, transport.address));
      else if (!stopped) onError(fromGrpcError(err, transport.address));
    });
  });
}
