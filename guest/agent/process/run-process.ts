/**
 * Runs a program with input on stdin and collects stdout and stderr separately: the
 * transport of command hooks and of skills' binary and script backends. The program runs
 * in its own process group so a timeout or cancel kills everything it started.
 */
import { spawn } from "node:child_process";

export interface RunProcessOptions {
  file: string;
  args?: string[];
  cwd: string;
  input: string;
  timeoutMs: number;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** Characters kept per stream; the rest is dropped and counted. */
  maxOutputChars?: number;
}

export interface ProcessOutcome {
  stdout: string;
  stderr: string;
  /** null when the process was killed. */
  exitCode: number | null;
  stoppedBy?: "timeout" | "cancel";
}

const DEFAULT_MAX_OUTPUT = 1_000_000;

export function runProcess(options: RunProcessOptions): Promise<ProcessOutcome> {
  const limit = options.maxOutputChars ?? DEFAULT_MAX_OUTPUT;
  return new Promise((resolve, reject) => {
    const child = spawn(options.file, options.args ?? [], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const stdout = collector(limit);
    const stderr = collector(limit);
    child.stdout.on("data", stdout.add);
    child.stderr.on("data", stderr.add);
    // A program that ignores its input closes stdin early; that is not an error.
    child.stdin.on("error", () => undefined);
    child.stdin.end(options.input);

    let stoppedBy: "timeout" | "cancel" | undefined;
    const killGroup = (why: "timeout" | "cancel") => {
      stoppedBy ??= why;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // the group has already exited
      }
    };
    const timer = setTimeout(() => killGroup("timeout"), options.timeoutMs);
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
    child.on("close", (code) => {
      cleanup();
      resolve({ stdout: stdout.text(), stderr: stderr.text(), exitCode: code, ...(stoppedBy ? { stoppedBy } : {}) });
    });
  });
}

function collector(limit: number) {
  let text = "";
  let dropped = 0;
  return {
    add: (data: Buffer) => {
      const chunk = data.toString("utf8");
      const room = Math.max(limit - text.length, 0);
      text += chunk.slice(0, room);
      dropped += Math.max(chunk.length - room, 0);
    },
    text: () => (dropped > 0 ? `${text}\n… [output truncated: ${dropped} more characters not shown]` : text),
  };
}
