import type * as grpc from "@grpc/grpc-js";
import { A3sError, ErrorCodes } from "../../../common/errors";
import { toServiceError } from "../../../common/node/grpc-status";
import type { ContainerServiceHandlers } from "../../../common/generated/a3s/box/v1/ContainerService";
import type { ProcessInput__Output } from "../../../common/generated/a3s/box/v1/ProcessInput";
import type { ProcessOutput } from "../../../common/generated/a3s/box/v1/ProcessOutput";
import { checkToken, unary } from "../grpc-adapter";
import { ContainerProcesses, type RunningProcess } from "./container-processes";

/** ContainerService: the processes of the pod sandbox's Kubernetes containers. */
export function createContainerHandlers(token: string | undefined, processes = new ContainerProcesses()): ContainerServiceHandlers {
  return {
    Run: (call: grpc.ServerDuplexStream<ProcessInput__Output, ProcessOutput>) => {
      let running: RunningProcess | undefined;
      let finished = false;
      const fail = (error: unknown) => {
        finished = true;
        running?.kill();
        call.emit("error", toServiceError(error));
      };
      call.on("data", (input: ProcessInput__Output) => {
        try {
          if (!running) {
            checkToken(call.metadata, token);
            if (input.input !== "start" || !input.start) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, "the first message must be `start`");
            running = processes.run(input.start, (event) => {
              if (finished) return;
              call.write(event);
              if ("exit" in event) {
                finished = true;
                call.end();
              }
            });
          } else if (input.input === "stdin") running.write(input.stdin!);
          else if (input.input === "closeStdin") running.closeStdin();
        } catch (error) {
          fail(error);
        }
      });
      call.on("cancelled", () => {
        finished = true;
        running?.kill();
      });
    },
    Signal: unary(token, (request) => {
      processes.signal(request.containerId, request.signal);
      return {};
    }),
  };
}
