import { runProcess, type ProcessOutcome } from "../../common/node/run-process";

/** The builder needs the whole output (package lists, not a tool's capped reply). */
const WHOLE_OUTPUT = Number.POSITIVE_INFINITY;

/** Runs a program to completion through the shared runner; rejects with its stderr when it fails. */
export async function run(command: string, args: readonly string[], options: { cwd?: string } = {}): Promise<string> {
  const outcome = await runProcess({ file: command, args, cwd: options.cwd, env: process.env, maxOutputChars: WHOLE_OUTPUT }).catch((error: Error) => {
    throw new Error(/ENOENT/.test(error.message) ? `${command} is not installed (needed to build the guest)` : error.message);
  });
  if (outcome.exitCode !== 0) throw new Error(`${command} ${args.slice(0, 4).join(" ")}… failed (${exitText(outcome)}): ${outcome.stderr.trim().slice(-2000)}`);
  return outcome.stdout;
}

/** Pipes `producer`'s stdout into `consumer`'s stdin (`a | b`); fails when either fails. */
export async function pipe(producer: [string, string[]], consumer: [string, string[]]): Promise<void> {
  const script = 'set -o pipefail; "${@:2:$1}" | "${@:$(($1 + 2))}"';
  await run("bash", ["-c", script, "bash", String(producer[1].length + 1), producer[0], ...producer[1], consumer[0], ...consumer[1]]);
}

/** Runs a program with its stdout written to the file `output`. */
export async function runToFile(command: string, args: readonly string[], output: string): Promise<void> {
  await run("bash", ["-c", 'out=$1; shift; exec "$@" > "$out"', "bash", output, command, ...args]);
}

function exitText(outcome: ProcessOutcome): string {
  return outcome.signal ? `killed by ${outcome.signal}` : `exit ${outcome.exitCode}`;
}
