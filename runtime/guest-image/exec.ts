import { spawn } from "node:child_process";
import { open } from "node:fs/promises";

/** Runs a program to completion; rejects with its stderr when it fails. */
export function run(command: string, args: readonly string[], options: { cwd?: string; input?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    // No input: no pipe, which a fast program may close before we end it (EPIPE).
    const child = spawn(command, args, { cwd: options.cwd, stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr!.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error: NodeJS.ErrnoException) =>
      reject(new Error(error.code === "ENOENT" ? `${command} is not installed (needed to build the guest)` : error.message)),
    );
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString("utf8"));
      else reject(new Error(`${command} ${args.slice(0, 4).join(" ")}… failed (exit ${code}): ${Buffer.concat(err).toString("utf8").trim().slice(-2000)}`));
    });
    // A program that exits without reading its input is judged by its exit code, not EPIPE.
    child.stdin?.on("error", () => {}).end(options.input);
  });
}

/** Pipes `producer`'s stdout into `consumer`'s stdin (like `a | b`). */
export function pipe(producer: [string, string[]], consumer: [string, string[]], options: { cwd?: string } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const a = spawn(producer[0], producer[1], { stdio: ["ignore", "pipe", "pipe"] });
    const b = spawn(consumer[0], consumer[1], { cwd: options.cwd, stdio: ["pipe", "ignore", "pipe"] });
    a.stdout.pipe(b.stdin);
    const errors: string[] = [];
    a.stderr.on("data", (c: Buffer) => errors.push(c.toString()));
    b.stderr.on("data", (c: Buffer) => errors.push(c.toString()));
    let pending = 2;
    let failed = false;
    const done = (name: string) => (code: number | null) => {
      if (code !== 0 && !failed) {
        failed = true;
        reject(new Error(`${name} failed (exit ${code}): ${errors.join("").trim().slice(-2000)}`));
      }
      if (--pending === 0 && !failed) resolve();
    };
    a.on("error", reject);
    b.on("error", reject);
    a.on("close", done(producer[0]));
    b.on("close", done(consumer[0]));
  });
}

/** Runs a program with its stdout written to the file `output`. */
export async function runToFile(command: string, args: readonly string[], output: string, options: { cwd?: string; input?: string } = {}): Promise<void> {
  const file = await open(output, "w");
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(command, args, { cwd: options.cwd, stdio: ["pipe", file.fd, "pipe"] });
      const err: Buffer[] = [];
      child.stderr!.on("data", (chunk: Buffer) => err.push(chunk));
      child.on("error", reject);
      child.on("close", (code) =>
        code === 0 ? resolve() : reject(new Error(`${command} failed (exit ${code}): ${Buffer.concat(err).toString("utf8").trim().slice(-2000)}`)),
      );
      child.stdin!.end(options.input ?? "");
    });
  } finally {
    await file.close();
  }
}
