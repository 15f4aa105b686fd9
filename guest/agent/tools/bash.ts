import type { RunProcessOptions } from "../../../common/node/run-process";
import { limitMessage, type ToolProcessOutcome } from "../limits/tool-processes";
import { defineTool } from "./define";
import { MAX_TOOL_OUTPUT_CHARS } from "./output-limit";

export const DEFAULT_BASH_TIMEOUT_MS = 120_000;

export const bashTool = defineTool<{ command: string; timeout_ms?: number }>({
  name: "bash",
  description:
    "Run a shell command with bash in the session's working directory. Returns stdout and stderr together and the exit code. " +
    `Long output is truncated. Default timeout ${DEFAULT_BASH_TIMEOUT_MS / 1000} s; on timeout the command and its children are killed.`,
  parameters: {
    type: "object",
    properties: {
      command: { type: "string", minLength: 1, description: "the command line to run" },
      timeout_ms: { type: "integer", minimum: 1, maximum: 3_600_000, nullable: true, description: "timeout in milliseconds" },
    },
    required: ["command"],
    additionalProperties: false,
  },
  async execute({ command, timeout_ms }, { workspace, cwd, signal, runProcess }) {
    signal.throwIfAborted();
    return await runBash(command, workspace.resolve(cwd), timeout_ms ?? DEFAULT_BASH_TIMEOUT_MS, signal, runProcess);
  },
});

async function runBash(
  command: string,
  cwd: string,
  timeoutMs: number,
  signal: AbortSignal,
  runProcess: (options: RunProcessOptions) => Promise<ToolProcessOutcome>,
): Promise<string> {
  // Room is left for the exit code, so the registry never cuts again.
  const out = await runProcess({ file: "bash", args: ["-c", command], cwd, timeoutMs, signal, mergeOutput: true, maxOutputChars: MAX_TOOL_OUTPUT_CHARS - 200 });
  if (out.limitHit) throw new Error(`${limitMessage(out.limitHit, "the command")}\n${out.stdout}`);
  if (out.stoppedBy === "cancel") throw new Error("the command was cancelled");
  if (out.stoppedBy === "timeout") throw new Error(`the command timed out after ${timeoutMs} ms and was killed\n${out.stdout}`);
  const body = out.stdout;
  return `${body}${body.endsWith("\n") || body === "" ? "" : "\n"}exit code: ${out.exitCode ?? `killed by ${out.signal}`}`;
}
