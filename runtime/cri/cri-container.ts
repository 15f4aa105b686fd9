import { randomBytes } from "node:crypto";
import { A3sError, ErrorCodes } from "../../common/errors";
import { CriLog } from "./cri-log";
import type { ContainerConfig, ContainerState } from "./cri-types";
import type { GuestContainers, GuestProcess, ProcessExit, ProcessHandlers } from "./guest-process";

/** ExecSync keeps at most this much of each stream (CRI asks for a 16 MiB cap). */
const EXEC_OUTPUT_CAP = 16 * 1024 * 1024;

const nowNs = () => String(BigInt(Date.now()) * 1_000_000n);

/** What the guest runs for a container: resolved from the CRI config and the image's config. */
export interface ContainerPlan {
  argv: string[];
  env: string[];
  workingDir: string;
  hostname: string;
  mounts: { source: string; target: string; readOnly: boolean }[];
}

/** One Kubernetes container in a pod sandbox's VM. */
export class CriContainer {
  static newId(): string {
    return randomBytes(32).toString("hex");
  }

  readonly createdAt = nowNs();
  startedAt = "0";
  finishedAt = "0";
  exitCode = 0;
  reason = "";
  message = "";
  private process: GuestProcess | undefined;
  private readonly attached = new Set<ProcessHandlers>();
  private exited: Promise<void> | undefined;

  constructor(
    readonly id: string,
    readonly sandboxId: string,
    readonly config: ContainerConfig,
    readonly imageId: string,
    readonly logPath: string,
    private readonly plan: ContainerPlan,
    private readonly guest: GuestContainers,
  ) {}

  get state(): ContainerState {
    if (this.finishedAt !== "0") return "CONTAINER_EXITED";
    return this.process ? "CONTAINER_RUNNING" : "CONTAINER_CREATED";
  }

  async start(): Promise<void> {
    if (this.state !== "CONTAINER_CREATED") throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `container ${this.id} is ${this.state}, not created: it can start once`);
    const log = this.logPath ? new CriLog(this.logPath) : undefined;
    const output = (stream: "stdout" | "stderr") => (data: Buffer) => {
      log?.write(stream, data);
      for (const attached of this.attached) (stream === "stdout" ? attached.onStdout : attached.onStderr)?.(data);
    };
    const process = this.guest.run(
      { containerId: this.id, create: true, argv: this.plan.argv, env: this.plan.env, workingDir: this.plan.workingDir, hostname: this.plan.hostname, mounts: this.plan.mounts, stdin: this.config.stdin },
      { onStdout: output("stdout"), onStderr: output("stderr") },
    );
    this.process = process;
    this.exited = process.exit.then(
      (exit) => this.finish(exit),
      (error: unknown) => this.finish({ code: 255, signal: "" }, (error as Error).message),
    ).finally(() => log?.close());
    try {
      await process.started;
      this.startedAt = nowNs();
    } catch (error) {
      await this.exited;
      throw error;
    }
  }

  /** TERM, then KILL after `timeoutSeconds`; stopping what is not running succeeds. */
  async stop(timeoutSeconds: number): Promise<void> {
    if (this.state !== "CONTAINER_RUNNING") return;
    if (timeoutSeconds > 0) {
      await this.guest.signal(this.id, "SIGTERM").catch(() => {});
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutSeconds * 1000)));
      const killed = await Promise.race([this.exited!.then(() => false), expired]);
      clearTimeout(timer);
      if (!killed) return;
    }
    // KILL to its PID 1 ends every process of the container, and the exit (137) is reported as usual.
    await this.guest.signal(this.id, "SIGKILL").catch(() => this.process!.cancel());
    await this.exited;
  }

  /** Runs a command in the running container and returns its output and exit code. */
  async execSync(cmd: string[], timeoutSeconds: number): Promise<{ stdout: Buffer; stderr: Buffer; exitCode: number }> {
    const exec = this.exec(cmd);
    const stdout = new CappedBuffer();
    const stderr = new CappedBuffer();
    const process = this.guest.run(exec, { onStdout: (data) => stdout.add(data), onStderr: (data) => stderr.add(data) });
    let timer: NodeJS.Timeout | undefined;
    const timeout =
      timeoutSeconds > 0
        ? new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
              process.cancel();
              reject(new A3sError(ErrorCodes.TIMEOUT, `command ${JSON.stringify(cmd)} timed out after ${timeoutSeconds} s`));
            }, timeoutSeconds * 1000);
          })
        : undefined;
    try {
      const exit = await (timeout ? Promise.race([process.exit, timeout]) : process.exit);
      return { stdout: stdout.value(), stderr: stderr.value(), exitCode: exit.code };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The running main process's output from now on (and its stdin, when the container was
   * created with stdin); ending the attachment leaves the container running.
   */
  attach(handlers: ProcessHandlers): GuestProcess {
    const process = this.process;
    if (!process || this.state !== "CONTAINER_RUNNING") throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `container ${this.id} is not running (${this.state})`);
    this.attached.add(handlers);
    return {
      started: Promise.resolve(),
      exit: process.exit,
      write: (data) => {
        if (this.config.stdin) process.write(data);
      },
      closeStdin: () => {
        if (this.config.stdin) process.closeStdin();
      },
      cancel: () => this.attached.delete(handlers),
    };
  }

  /** The start message of an exec in this container. */
  exec(cmd: string[], stdin = false) {
    if (this.state !== "CONTAINER_RUNNING") throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `container ${this.id} is not running (${this.state})`);
    if (cmd.length === 0) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, "no command given");
    return { containerId: this.id, create: false, argv: cmd, env: this.plan.env, stdin };
  }

  private finish(exit: ProcessExit, failure?: string): void {
    this.finishedAt = nowNs();
    this.exitCode = exit.code;
    this.reason = failure ? "Error" : exit.code === 0 ? "Completed" : "Error";
    this.message = failure ?? (exit.signal ? `killed by ${exit.signal}` : "");
  }
}

class CappedBuffer {
  private readonly chunks: Buffer[] = [];
  private size = 0;

  add(data: Buffer): void {
    const room = EXEC_OUTPUT_CAP - this.size;
    if (room <= 0) return;
    const part = data.length > room ? data.subarray(0, room) : data;
    this.chunks.push(part);
    this.size += part.length;
  }

  value(): Buffer {
    return Buffer.concat(this.chunks);
  }
}
