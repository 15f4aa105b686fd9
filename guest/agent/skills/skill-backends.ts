/**
 * Runs a skill tool's backend for real: `binary` gets the arguments as JSON on stdin,
 * `http` gets them as a JSON POST body, `script` runs its source with the named
 * interpreter (`node` means the agent's own Node) and gets them on stdin. Returns the
 * text the model sees; throws for an error result.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import type { JsonObject } from "../../../common/chunks";
import { runProcess, type ProcessOutcome } from "../../../common/node/run-process";
import type { SkillBackend } from "./skill-format";

export const DEFAULT_SKILL_TOOL_TIMEOUT_MS = 120_000;

export interface BackendContext {
  /** The skill's own folder, for relative `path` and `file` values. */
  skillDir: string;
  cwd: string;
  signal: AbortSignal;
  timeoutMs: number;
}

export async function runSkillBackend(backend: SkillBackend, args: JsonObject, context: BackendContext): Promise<string> {
  const input = JSON.stringify(args);
  switch (backend.type) {
    case "binary": {
      const file = backend.path.includes("/") && !isAbsolute(backend.path) ? resolve(context.skillDir, backend.path) : backend.path;
      return processOutput(await runProcess({ file, args: backend.args ?? [], cwd: context.cwd, input, timeoutMs: context.timeoutMs, signal: context.signal }), context.timeoutMs);
    }
    case "script":
      return runScript(backend, input, context);
    case "http":
      return post(backend, input, context);
  }
}

async function runScript(backend: Extract<SkillBackend, { type: "script" }>, input: string, context: BackendContext): Promise<string> {
  const interpreter = backend.interpreter === "node" ? process.execPath : backend.interpreter;
  const run = (script: string) =>
    runProcess({ file: interpreter, args: [...(backend.args ?? []), script], cwd: context.cwd, input, timeoutMs: context.timeoutMs, signal: context.signal });
  if (backend.file !== undefined) return processOutput(await run(resolve(context.skillDir, backend.file)), context.timeoutMs);
  const dir = await mkdtemp(join(tmpdir(), "a3s-skill-"));
  try {
    const script = join(dir, "script");
    await writeFile(script, backend.source!, { mode: 0o600 });
    return processOutput(await run(script), context.timeoutMs);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function processOutput(out: ProcessOutcome, timeoutMs: number): string {
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
