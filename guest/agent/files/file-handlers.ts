/** The gRPC face of WorkspaceFiles: the UI's file RPCs. */
import * as grpc from "@grpc/grpc-js";
import type { AgentServiceHandlers } from "../../../common/generated/a3s/box/v1/AgentService";
import { toServiceError } from "../../../common/node/grpc-status";
import { checkToken, unary } from "../grpc-adapter";
import type { WorkspaceFiles } from "./workspace-files";

export function createFileHandlers(files: WorkspaceFiles, token: string | undefined): Partial<AgentServiceHandlers> {
  return {
    ListDir: unary(token, async (req) => ({ entries: await files.listDir(req.path) })),
    ReadFile: unary(token, (req) => files.readFile(req.path)),
    WriteFile: unary(token, (req) => files.writeFile(req.path, req.content)),
    Stat: unary(token, (req) => files.stat(req.path)),
    // Written out rather than through serverStream: the headers sent once the watch is in
    // place tell the client that no change after that point is missed.
    WatchFiles: (call) => {
      let stop: (() => void) | undefined;
      let gone = false;
      call.on("cancelled", () => {
        gone = true;
        stop?.();
      });
      Promise.resolve()
        .then(() => {
          checkToken(call.metadata, token);
          return files.watch(call.request.path, (change) => call.write(change));
        })
        .then(
          (unwatch) => {
            if (gone) return unwatch();
            stop = unwatch;
            call.sendMetadata(new grpc.Metadata());
          },
          (err: unknown) => call.emit("error", toServiceError(err)),
        );
    },
  };
}
