import type * as grpc from "@grpc/grpc-js";
import { A3sError, ErrorCodes } from "../../common/errors";
import { bearerMetadata, createContainerClient } from "../../common/node/agent-grpc";
import type { ContainerServiceClient } from "../../common/generated/a3s/box/v1/ContainerService";
import type { ProcessStart } from "../../common/generated/a3s/box/v1/ProcessStart";
import type { ProcessOutput__Output } from "../../common/generated/a3s/box/v1/ProcessOutput";

export interface ProcessExit {
  code: number;
  signal: string;
}

export interface ProcessHandlers {
  onStdout?: (data: Buffer) => void;
  onStderr?: (data: Buffer) => void;
}

/** A process in a sandbox's VM: its start, its input, its end. */
export interface GuestProcess {
  /** Resolves once it runs; rejects when it could not start (the exit or the failure says why). */
  readonly started: Promise<void>;
  /** Resolves with its exit; a lost VM or agent rejects. */
  readonly exit: Promise<ProcessExit>;
  write(data: Buffer): void;
  closeStdin(): void;
  /** Kills it (a container's main process: the whole container). */
  cancel(): void;
}

/** The ContainerService of one sandbox's agent, with the box's token on every call. */
export class GuestContainers {
  private readonly client: ContainerServiceClient;

  constructor(address: string, private readonly token: string) {
    this.client = createContainerClient(address);
  }

  run(start: ProcessStart, handlers: ProcessHandlers = {}): GuestProcess {
    const call = this.client.Run(bearerMetadata(this.token));
    let markStarted!: () => void;
    let failStart!: (error: Error) => void;
    const started = new Promise<void>((resolve, reject) => {
      markStarted = resolve;
      failStart = reject;
    });
    const exit = new Promise<ProcessExit>((resolve, reject) => {
      let stderrTail = "";
      call.on("data", (output: ProcessOutput__Output) => {
        // With proto-loader's defaults every field is set: the oneof's name says which one came.
        if (output.output === "started") markStarted();
        else if (output.output === "stdout") handlers.onStdout?.(output.stdout!);
        else if (output.output === "stderr") {
          stderrTail = (stderrTail + output.stderr!.toString("utf8")).slice(-2000);
          handlers.onStderr?.(output.stderr!);
        } else if (output.output === "exit" && output.exit) {
          const result = { code: output.exit.code, signal: output.exit.signal };
          failStart(new A3sError(ErrorCodes.INTERNAL, `the process exited (${result.code}) before it started: ${stderrTail.trim() || "no message"}`));
          resolve(result);
        }
      });
      call.on("error", (error: grpc.ServiceError) => {
        const failure = A3sError.is(error) ? error : new A3sError(ErrorCodes.UNAVAILABLE, `the sandbox's VM did not answer: ${error.details || error.message}`);
        failStart(failure);
        reject(failure);
      });
    });
    // Rejections are read through `started` and `exit`; an unread one must not crash the runtime.
    started.catch(() => {});
    exit.catch(() => {});
    call.write({ start });
    return {
      started,
      exit,
      write: (data) => call.write({ stdin: data }),
      closeStdin: () => call.write({ closeStdin: true }),
      cancel: () => call.cancel(),
    };
  }

  async signal(containerId: string, signal: string): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.client.Signal({ containerId, signal }, bearerMetadata(this.token), (error) => (error ? reject(error) : resolve())),
    );
  }

  close(): void {
    this.client.close();
  }
}
