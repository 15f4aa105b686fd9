import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { constants } from "node:os";
import { join } from "node:path";
import { A3sError, ErrorCodes } from "../../../common/errors";
import type { ProcessStart__Output } from "../../../common/generated/a3s/box/v1/ProcessStart";

/** What the VM's initramfs provides (guest/init/container-init). */
const BUSYBOX = "/bin/busybox";
const CONTAINER_INIT = "/lib/a3s/container-init";
/** Where init mounts the pod sandbox's share: each container's folder is there by its id. */
const SHARE = "/workspace";

export type ProcessEvent = { started: true } | { stdout: Buffer } | { stderr: Buffer } | { exit: { code: number; signal: string } };

export interface RunningProcess {
  write(data: Buffer): void;
  closeStdin(): void;
  /** Kills it, and for a container's main process everything in the container. */
  kill(): void;
}

/**
 * Kubernetes containers in this VM: each main process is PID 1 of its own PID, mount, IPC and
 * UTS namespaces (created by container-init), an exec enters those namespaces. Only the agent
 * starts them, for the host's `a3s-box cri`.
 */
export class ContainerProcesses {
  /** Container id → the pid (in this namespace) of its PID 1, while it runs. */
  private readonly inits = new Map<string, number>();

  run(start: ProcessStart__Output, emit: (event: ProcessEvent) => void): RunningProcess {
    if (!existsSync(CONTAINER_INIT)) throw new A3sError(ErrorCodes.UNAVAILABLE, "containers run only inside an A3S Box VM (container-init is missing)");
    if (!/^[a-f0-9]{16,64}$/.test(start.containerId)) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `invalid container id "${start.containerId}"`);
    if (start.argv.length === 0) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, "no command to run");
    const env = Object.fromEntries(start.env.map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]).filter(([key]) => key));
    const stdin = start.stdin ? "pipe" : "ignore";
    let child: ChildProcess;
    if (start.create) {
      if (this.inits.has(start.containerId)) throw new A3sError(ErrorCodes.ALREADY_EXISTS, `container ${start.containerId} is already running`);
      const folder = join(SHARE, start.containerId);
      const mounts = start.mounts.map((m) => `${m.source}\t${m.target}\t${m.readOnly ? "ro" : "rw"}`).join("\n");
      const args = ["unshare", "-m", "-u", "-i", "-p", "-f", "--propagation", "private", BUSYBOX, "sh", CONTAINER_INIT, folder, start.hostname || "localhost", start.workingDir.replace(/^\/+/, "") || ".", mounts, "--", ...start.argv];
      child = spawn(BUSYBOX, args, { env, stdio: [stdin, "pipe", "pipe", "pipe"], detached: true });
      child.stdio[3]!.on("data", () => {
        const pid = childPid(child.pid!);
        if (pid === undefined) return;
        this.inits.set(start.containerId, pid);
        emit({ started: true });
      });
      child.once("exit", () => this.inits.delete(start.containerId));
    } else {
      const pid = this.inits.get(start.containerId);
      if (pid === undefined) throw new A3sError(ErrorCodes.NOT_FOUND, `container ${start.containerId} is not running`);
      child = spawn(BUSYBOX, ["nsenter", "-t", String(pid), "-m", "-u", "-i", "-p", "-r", "-w", "--", ...start.argv], { env, stdio: [stdin, "pipe", "pipe"], detached: true });
      child.once("spawn", () => emit({ started: true }));
    }
    child.stdout!.on("data", (data: Buffer) => emit({ stdout: data }));
    child.stderr!.on("data", (data: Buffer) => emit({ stderr: data }));
    const ended = Promise.all([new Promise((r) => child.stdout!.once("close", r)), new Promise((r) => child.stderr!.once("close", r))]);
    child.once("error", (error) => emit({ stderr: Buffer.from(`a3s-box: ${error.message}\n`) }));
    child.once("close", (code, signal) => {
      void ended.then(() => emit({ exit: signal ? { code: 128 + constants.signals[signal], signal } : { code: code ?? 128, signal: "" } }));
    });
    return {
      write: (data) => child.stdin?.write(data),
      closeStdin: () => child.stdin?.end(),
      kill: () => {
        // PID 1 of the container takes every process of its PID namespace with it.
        if (start.create) this.signal(start.containerId, "SIGKILL");
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // Already gone.
        }
      },
    };
  }

  signal(containerId: string, signal: string): void {
    const pid = this.inits.get(containerId);
    if (pid === undefined) return;
    if (!(signal in constants.signals)) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `unknown signal ${signal}`);
    try {
      process.kill(pid, signal as NodeJS.Signals);
    } catch {
      // It exited meanwhile.
    }
  }
}

/** The child unshare forked: the container's PID 1, as this namespace sees it. */
function childPid(unsharePid: number): number | undefined {
  try {
    const text = readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, "utf8").trim();
    return text ? Number(text.split(/\s+/)[0]) : undefined;
  } catch {
    return undefined;
  }
}
