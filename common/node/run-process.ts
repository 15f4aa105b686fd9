/**
 * The one way Node code here runs a program to completion: in its own process group, so a
 * timeout or cancel kills everything it started; output capped with one marker; and, unless
 * told otherwise, an environment without the agent's secrets.
 */
import { spawn } from "node:child_process";
import { OutputCap } from "./output-cap";
import { scrubbedEnv } from "./scrubbed-env";

export interface RunProcessOptions {
  file: string;
  args?: readonly string[];
  cwd?: string;
  /**
   * Written to stdin, which is then closed. Without it stdin is /dev/null: Node's pipes are
   * sockets, and bash on a socket believes rshd started it and sources ~/.bashrc.
   */
  input?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Defaults to `scrubbedEnv()`: never pass `process.env` to code the agent runs. */
  env?: NodeJS.ProcessEnv;
  /** Characters kept per stream; the rest is dropped and counted in the marker. */
  maxOutputChars?: number;
  /** stdout and stderr interleaved into `stdout` (one cap), as a terminal shows them. */
  mergeOutput?: boolean;
  /**
   * Called on timeout and cancel after the process group is killed, to kill what left the
   * group too (a `setsid` child): e.g. by writing a cgroup's `cgroup.kill`.
   */
  killAlso?: () => void;
}

export interface ProcessOutcome {
  stdout: string;
  stderr: string;
  /** null when the process was killed by a signal. */
  exitCode: number | null;
  signal?: NodeJS.Signals;
  stoppedBy?: "timeout" | "cancel";
}

const DEFAULT_MAX_OUTPUT = 1_000_000;

export function runProcess(options: RunProcessOptions): Promise<ProcessOutcome> {
  const limit = options.maxOutputChars ?? DEFAULT_MAX_OUTPUT;
  return new Promise((resolve, reject) => {
    const child = spawn(options.file, options.args ?? [], {
      cwd: options.cwd,
      env: options.env ?? scrubbedEnv(),
      detached: true,
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    const stdout = new OutputCap(limit);
    const stderr = options.mergeOutput ? stdout : new OutputCap(limit);
    child.stdout!.on("data", stdout.add);
    child.stderr!.on("data", stderr.add);
    if (options.input !== undefined) {
      // A program that ignores its input closes stdin early; that is not an error.
      child.stdin!.on("error", () => undefined);
      child.stdin!.end(options.input);
    }

    let stoppedBy: "timeout" | "cancel" | undefined;
    const killGroup = (why: "timeout" | "cancel") => {
      stoppedBy ??= why;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // the group has already exited
      }
      options.killAlso?.();
    };
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => killGroup("timeout"), options.timeoutMs);
    const onAbort = () => killGroup("cancel");
    options.signal?.addEventListener("abort", onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
    const cleanup = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
    };
    child.on("error", (err) => {
      cleanup();
      reject(new Error(`cannot run ${options.file}: ${err.message}`));
    });
    child.on("close", (code, signal) => {
      cleanup();
      resolve({
        stdout: stdout.result(),
        stderr: options.mergeOutput ? "" : stderr.result(),
        exitCode: code,
        ...(signal ? { signal } : {}),
        ...(stoppedBy ? { stoppedBy } : {}),
      });
    });
  });
}
