import { randomBytes } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { A3sError, ErrorCodes } from "../../common/errors";
import type { VmBackend, VmProcess, VmSpec, VmStart } from "./backend";
import { tailOfLog } from "./capped-log";

export type VmState = "created" | "booting" | "ready" | "stopping" | "stopped" | "failed";

/** The lifecycle actions: `start` only from `created`; `stop` and `destroy` from any state, idempotently. */
export type VmAction = { type: "start" } | { type: "stop" } | { type: "destroy" };

const START_FROM: readonly VmState[] = ["created"];

/** The longest one readiness attempt may wait for its answer. */
const READY_ATTEMPT_MS = 15_000;

/** Decides that a booted VM is ready (the agent answers HealthCheck); rejects while it is not. */
export type ReadinessCheck = (agentAddress: string, token: string, timeoutMs: number) => Promise<void>;

export interface VmManagerOptions {
  readiness: ReadinessCheck;
  /** How long a boot may take before it fails (default 120 s: TCG is slow). */
  bootTimeoutMs?: number;
  /** Called after every state change. */
  onStateChange?: (vm: ManagedVm) => void;
  /** Whether someone else (e.g. `a3s-box stop`) asked this VM to stop: its exit is then no failure. */
  stopRequested?: (vm: ManagedVm) => boolean;
}

/**
 * Owns the VMs created through it (each Box has its own manager): creates them on a backend
 * and drives each through created → booting → ready → stopping → stopped (or failed, with
 * the reason).
 */
export class VmManager {
  private readonly vms = new Map<string, ManagedVm>();

  constructor(private readonly options: VmManagerOptions) {}

  /** A VM in state `created` on `backend`; `token` guards its agent channel. */
  create(backend: VmBackend, spec: Omit<VmSpec, "serialLogPath">, token = randomBytes(32).toString("hex")): ManagedVm {
    if (this.vms.has(spec.id)) throw new A3sError(ErrorCodes.ALREADY_EXISTS, `a VM with id ${spec.id} exists already`);
    const vm = new ManagedVm({ ...spec, serialLogPath: join(spec.runDir, "serial.log") }, token, backend, this.options, () =>
      this.vms.delete(spec.id),
    );
    this.vms.set(spec.id, vm);
    return vm;
  }

  get(id: string): ManagedVm | undefined {
    return this.vms.get(id);
  }

  list(): ManagedVm[] {
    return [...this.vms.values()];
  }

  /** Destroys every VM this manager created. */
  async destroyAll(): Promise<void> {
    await Promise.all(this.list().map((vm) => vm.apply({ type: "destroy" })));
  }
}

export class ManagedVm {
  private current: VmState = "created";
  private process: VmProcess | undefined;
  private failureReason: A3sError | undefined;
  private stopping: Promise<void> | undefined;
  private starting: Promise<void> | undefined;
  private destroyed = false;

  constructor(
    readonly spec: VmSpec,
    readonly token: string,
    private readonly backend: VmBackend,
    private readonly options: VmManagerOptions,
    private readonly forget: () => void,
  ) {}

  get id(): string {
    return this.spec.id;
  }

  get state(): VmState {
    return this.current;
  }

  /** Why the VM failed (state `failed`). */
  get failure(): A3sError | undefined {
    return this.failureReason;
  }

  get agentAddress(): string | undefined {
    return this.process?.agentAddress;
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  /** How its VM came to run, once launched. */
  get startKind(): VmStart | undefined {
    return this.process?.start;
  }

  /** The last bytes of the serial console. */
  logs(maxBytes = 64 * 1024): string {
    return this.process ? this.process.serialTail(maxBytes) : tailOfLog(this.spec.serialLogPath, maxBytes);
  }

  apply(action: VmAction): Promise<void> {
    switch (action.type) {
      case "start":
        return this.start();
      case "stop":
        return this.stop();
      case "destroy":
        return this.destroy();
    }
  }

  /** created → booting → ready; on failure the VM is killed and the state is `failed`. */
  start(): Promise<void> {
    if (this.current === "booting" && this.starting) return this.starting;
    if (!START_FROM.includes(this.current)) {
      return Promise.reject(new A3sError(ErrorCodes.INVALID_ARGUMENT, `VM ${this.id} cannot start from state ${this.current}`));
    }
    this.starting = this.boot();
    return this.starting;
  }

  /** Stops the VM; idempotent (when already stopped or failed, resolves once its process has exited). */
  stop(): Promise<void> {
    if (this.current === "created") this.setState("stopped");
    if (this.current === "stopped" || this.current === "failed") return this.process ? this.process.exited.then(() => {}) : Promise.resolve();
    this.stopping ??= (async () => {
      this.setState("stopping");
      await this.process?.kill();
      this.setState("stopped");
    })();
    return this.stopping;
  }

  /** Stops the VM and removes its private files; idempotent. */
  async destroy(): Promise<void> {
    await this.stop();
    if (this.destroyed) return;
    this.destroyed = true;
    await rm(this.spec.runDir, { recursive: true, force: true });
    this.forget();
  }

  private async boot(): Promise<void> {
    this.setState("booting");
    await mkdir(this.spec.runDir, { recursive: true });
    try {
      this.process = await this.backend.launch(this.spec);
    } catch (error) {
      throw this.fail(A3sError.is(error) ? error : new A3sError(ErrorCodes.VM_BOOT_FAILED, `VM ${this.id} did not start: ${(error as Error).message}`, { cause: error }));
    }
    const vmProcess = this.process;
    void vmProcess.exited.then((exit) => {
      if ((this.current === "booting" || this.current === "ready") && this.options.stopRequested?.(this)) {
        this.setState("stopped");
      } else if (this.current === "booting" || this.current === "ready") {
        const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
        this.fail(new A3sError(ErrorCodes.VM_FAILED, `the VM process of ${this.id} ${how}\n--- serial log (tail) ---\n${vmProcess.serialTail(2000)}`));
      }
    });
    try {
      await this.waitUntilReady(vmProcess);
    } finally {
      vmProcess.booted?.();
    }
  }

  private async waitUntilReady(vmProcess: VmProcess): Promise<void> {
    const deadline = Date.now() + (this.options.bootTimeoutMs ?? 120_000);
    for (;;) {
      if (this.current !== "booting") {
        throw this.failureReason ?? new A3sError(ErrorCodes.VM_BOOT_FAILED, `VM ${this.id} was stopped while booting`);
      }
      try {
        // A call the agent takes before it is attached waits for the attach (guest/agent/server.ts):
        // a long attempt is answered the moment the box is ready, with no poll interval lost, while
        // an attempt before the agent listens fails at once.
        await this.options.readiness(vmProcess.agentAddress, this.token, Math.max(1, Math.min(READY_ATTEMPT_MS, deadline - Date.now())));
        this.setState("ready");
        return;
      } catch {
        if (Date.now() > deadline) {
          const error = new A3sError(
            ErrorCodes.VM_BOOT_FAILED,
            `VM ${this.id} was not ready within ${Math.round((this.options.bootTimeoutMs ?? 120_000) / 1000)} s\n--- serial log (tail) ---\n${vmProcess.serialTail(2000)}`,
          );
          this.fail(error);
          await vmProcess.kill();
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  private fail(error: A3sError): A3sError {
    if (this.current === "failed" || this.current === "stopped") return this.failureReason ?? error;
    this.failureReason = error;
    this.setState("failed");
    void this.process?.kill();
    return error;
  }

  private setState(state: VmState): void {
    this.current = state;
    this.options.onStateChange?.(this);
  }
}
