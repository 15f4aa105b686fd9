/**
 * Runs a skill tool's backend for real: `binary` gets the arguments as JSON on stdin,
 * `http` gets them as a JSON POST body, `script` runs its source with the named
 * interpreter (`node` means the agent's own Node) and gets them on stdin. Returns the
 * text the model sees; throws for an error result.
 *
 * Programs run exactly like the bash tool: through `sh`, which in a box is the tool shell
 * that enters the tools' namespaces (the business root filesystem, without the agent's
 * processes, environment or state), with the same scrubbed environment, process group,
 * timeout and cancel.
 */
import { isAbsolute, resolve } from "node:path";
import type { JsonObject } from "../../../common/chunks";
import type { RunProcessOptions } from "../../../common/node/run-process";
import { scrubbedEnv } from "../../../common/node/scrubbed-env";
import { limitMessage, type ToolProcessOutcome } from "../limits/tool-processes";
import type { SkillBackend } from "./skill-format";
import { ensureTool } from "./tool-download";

export const DEFAULT_SKILL_TOOL_TIMEOUT_MS = 120_000;

export interface BackendContext {
  /** The skill's own folder, for relative `path` and `file` values. */
  skillDir: string;
  /** Where binaries given by `url` are kept once verified (visible to the tools, read-only). */
  toolCacheDir: string;
  cwd: string;
  signal: AbortSignal;
  timeoutMs: number;
  /** How the program runs: the session's `ToolContext.runProcess`. */
  runProcess(options: RunProcessOptions): Promise<ToolProcessOutcome>;
}

export async function runSkillBackend(backend: SkillBackend, args: JsonObject, context: BackendContext): Promise<string> {
  const input = JSON.stringify(args);
  switch (backend.type) {
    case "binary": {
      const file =
        backend.url !== undefined
          ? await ensureTool(backend, context.toolCacheDir, context.signal)
          : backend.path.includes("/") && !isAbsolute(backend.path) ? resolve(context.skillDir, backend.path) : backend.path;
      return processOutput(await runInToolShell(EXEC, [file, ...(backend.args ?? [])], input, context), context.timeoutMs);
    }
    case "script": {
      const command = [interpreterOf(backend.interpreter), ...(backend.args ?? [])];
      if (backend.file !== undefined) {
        return processOutput(await runInToolShell(EXEC, [...command, resolve(context.skillDir, backend.file)], input, context), context.timeoutMs);
      }
      return processOutput(await runInToolShell(EXEC_SOURCE, command, input, context, { A3S_SKILL_SOURCE: backend.source! }), context.timeoutMs);
    }
    case "http":
      return post(backend, input, context);
  }
}

/** Runs its arguments as a command. */
const EXEC = 'exec "$0" "$@"';
/** Runs its arguments with a temporary file holding $A3S_SKILL_SOURCE as the last one. */
const EXEC_SOURCE = 'f=$(mktemp) || exit 127; printf %s "$A3S_SKILL_SOURCE" > "$f"; "$0" "$@" "$f"; s=$?; rm -f "$f"; exit $s';

function runInToolShell(script: string, command: string[], input: string, context: BackendContext, env: Record<string, string> = {}): Promise<ToolProcessOutcome> {
  return context.runProcess({
    file: "sh",
    args: ["-c", script, ...command],
    cwd: context.cwd,
    input,
    timeoutMs: context.timeoutMs,
    signal: context.signal,
    env: { ...scrubbedEnv(), ...env },
  });
}

/** `node` is the agent's Node: in a box A3S_NODE names the command that runs it from anywhere. */
function interpreterOf(name: string): string {
  return name === "node" ? (process.env["A3S_NODE"] ?? process.execPath) : name;
}

function processOutput(out: ToolProcessOutcome, timeoutMs: number): string {
  if (out.limitHit) throw new Error(limitMessage(out.limitHit, "the tool"));
  if (out.stoppedBy === "timeout") throw new Error(`the tool timed out after ${timeoutMs} ms and was stopped`);
  if (out.stoppedBy === "cancel") throw new Error("the tool was cancelled");
  if (out.exitCode !== 0) throw new Error(`the tool exited with code ${out.exitCode}${out.stderr.trim() ? `: ${out.stderr.trim()}` : ""}${out.stdout.trim() ? `\n${out.stdout.trim()}` : ""}`);
  return out.stdout;
}

async function post(backend: Extract<SkillBackend, { type: "http" }>, body: string, context: BackendContext): Promise<string> {
  const timeout = AbortSignal.timeout(context.timeoutMs);
  let response: Response;
  try {
    response = await fetch(backend.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...backend.headers },
      body,
      signal: AbortSignal.any([context.signal, timeout]),
    });
  } catch (err) {
    if (timeout.aborted) throw new Error(`${backend.url} did not answer within ${context.timeoutMs} ms`);
    if (context.signal.aborted) throw new Error("the tool was cancelled");
    throw new Error(`cannot reach ${backend.url}: ${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) throw new Error(`${backend.url} answered HTTP ${response.status}${text ? `: ${text}` : ""}`);
  return text;
}
