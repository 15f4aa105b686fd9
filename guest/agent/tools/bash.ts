import { spawn } from "node:child_process";
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
  async execute({ command, timeout_ms }, { workspace, cwd, signal }) {
    signal.throwIfAborted();
    return await runBash(command, workspace.resolve(cwd), timeout_ms ?? DEFAULT_BASH_TIMEOUT_MS, signal);
  },
});

/** The agent's environment without its secrets: model API keys and the agent's own token. */
function commandEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/_API_KEY$|^A3S_AGENT_TOKEN$/.test(name)));
}

function runBash(command: string, cwd: string, timeoutMs: number, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    // Its own process group, so a timeout or cancel kills everything the command started.
    const child = spawn("bash", ["-c", command], { cwd, detached: true, stdio: ["ignore", "pipe", "pipe"], env: commandEnv() });
    let output = "";
    let dropped = 0;
    // Room is left for the marker and the exit code, so the registry never cuts again.
    const limit = MAX_TOOL_OUTPUT_CHARS - 200;
    const collect = (data: Buffer) => {
      const room = limit - output.length;
      const text = data.toString("utf8");
      if (room >= text.length) output += text;
      else {
        output += text.slice(0, Math.max(room, 0));
        dropped += text.length - Math.max(room, 0);
      }
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    let stoppedBy: "timeout" | "cancel" | undefined;
    const killGroup = (why: "timeout" | "cancel") => {
      stoppedBy ??= why;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // the group is already gone
      }
    };
    const timer = setTimeout(() => killGroup("timeout"), timeoutMs);
    const onAbort = () => killGroup("cancel");
    signal.addEventListener("abort", onAbort, { once: true });
    if (signal.aborted) onAbort();
    child.on("error", (err) => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      reject(new Error(`cannot run bash: ${err.message}`));
    });
    child.on("close", (code, sig) => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      if (stoppedBy === "cancel") return reject(new Error("the command was cancelled"));
      const marker = dropped > 0 ? `\n… [output truncated: ${dropped} more characters not shown]` : "";
      const body = `${output}${marker}`;
      if (stoppedBy === "timeout") return reject(new Error(`the command timed out after ${timeoutMs} ms and was killed\n${body}`));
      resolve(`${body}${body.endsWith("\n") || body === "" ? "" : "\n"}exit code: ${code ?? `killed by ${sig}`}`);
    });
  });
}
