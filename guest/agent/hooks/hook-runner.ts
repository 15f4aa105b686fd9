/**
 * Runs the hooks of an event in order, command hooks first, then the host's, and folds
 * their answers: for PreToolUse deny beats ask beats allow and rewritten arguments pass
 * to the next hook; PostToolUse hooks may rewrite the result; UserPromptSubmit hooks may
 * block or add context. A hook that fails or times out blocks a gating event and is only
 * reported for the others.
 */
import type { JsonObject, ToolCall, ToolResult } from "../../../common/chunks";
import { limitMessage, type ToolProcesses } from "../limits/tool-processes";
import { firstRestricting } from "../policy/rule";
import type { CommandHook } from "./hook-config";
import { GATING_EVENTS, parseHookResult, type HookEvent, type HookResult } from "./hook-events";
import type { HostHookBroker } from "./host-hooks";

export const DEFAULT_HOST_HOOK_TIMEOUT_MS = 30_000;

export interface HookRunnerOptions {
  workspace: string;
  commandHooks: CommandHook[];
  host: HostHookBroker;
  hostTimeoutMs?: number;
  /** How command hooks run: as processes of the session, like its tools. */
  processes: ToolProcesses;
  /** Where failures of non-gating hooks are reported. */
  onError?: (message: string) => void;
}

/** One hook's answer: a result, a block (exit code 2), or a failure. */
type HookStep = { source: string } & ({ result: HookResult } | { blocked: string } | { failed: string });

export interface PreToolUseVerdict {
  decision?: "allow" | "deny" | "ask";
  decidedBy?: string;
  reason?: string;
  /** Set when a hook rewrote the arguments. */
  args?: JsonObject;
}

export interface PromptVerdict {
  blocked?: { decidedBy: string; reason: string };
  additionalContext: string[];
}

const STRICTNESS = { allow: 0, ask: 1, deny: 2 } as const;

export class HookRunner {
  constructor(private readonly options: HookRunnerOptions) {}

  async preToolUse(sessionId: string, call: ToolCall, signal?: AbortSignal): Promise<PreToolUseVerdict> {
    let args = call.args;
    let rewritten = false;
    let verdict: PreToolUseVerdict = {};
    for await (const step of this.steps("PreToolUse", sessionId, () => ({ tool: call.name, args, toolCallId: call.id }), call, signal)) {
      const failure = stepFailure(step);
      if (failure) return { decision: "deny", decidedBy: step.source, reason: failure, ...(rewritten ? { args } : {}) };
      const result = (step as { result: HookResult }).result;
      if (result.args) {
        args = result.args as JsonObject;
        rewritten = true;
      }
      const decision = result.decision as PreToolUseVerdict["decision"];
      if (decision && (!verdict.decision || STRICTNESS[decision] > STRICTNESS[verdict.decision])) {
        verdict = { decision, decidedBy: step.source, reason: result.reason ?? `${step.source} answered ${decision}` };
      }
      if (decision === "deny") break;
    }
    return { ...verdict, ...(rewritten ? { args } : {}) };
  }

  async postToolUse(sessionId: string, call: ToolCall, result: ToolResult, signal?: AbortSignal): Promise<ToolResult> {
    let current = result;
    const payload = () => ({ tool: call.name, args: call.args, toolCallId: call.id, result: { output: current.output, isError: current.isError } });
    for await (const step of this.steps("PostToolUse", sessionId, payload, call, signal)) {
      if (!("result" in step)) continue;
      const { output, isError } = step.result;
      if (output !== undefined || isError !== undefined) {
        current = { ...current, ...(output !== undefined ? { output } : {}), ...(isError !== undefined ? { isError } : {}) };
      }
    }
    return current;
  }

  async userPromptSubmit(sessionId: string, prompt: string, signal?: AbortSignal): Promise<PromptVerdict> {
    const additionalContext: string[] = [];
    for await (const step of this.steps("UserPromptSubmit", sessionId, () => ({ prompt }), undefined, signal)) {
      const failure = stepFailure(step);
      if (failure) return { blocked: { decidedBy: step.source, reason: failure }, additionalContext };
      const result = (step as { result: HookResult }).result;
      if (result.decision === "block") {
        return { blocked: { decidedBy: step.source, reason: result.reason ?? `${step.source} blocked the prompt` }, additionalContext };
      }
      if (result.additionalContext) additionalContext.push(result.additionalContext);
    }
    return { additionalContext };
  }

  /** SessionStart, PreCompact, Stop, SessionEnd: hooks are told; their answers change nothing. */
  async notify(event: HookEvent, sessionId: string, payload: object, signal?: AbortSignal): Promise<void> {
    for await (const _step of this.steps(event, sessionId, () => payload, undefined, signal)) {
      // steps() reports failures; nothing else to do
    }
  }

  private async *steps(event: HookEvent, sessionId: string, payload: () => object, call: ToolCall | undefined, signal?: AbortSignal): AsyncGenerator<HookStep> {
    const { workspace, commandHooks, host, onError } = this.options;
    const report = (step: HookStep) => {
      if (!("result" in step) && !GATING_EVENTS.includes(event)) onError?.(`${step.source}: ${"failed" in step ? step.failed : step.blocked}`);
      return step;
    };
    for (const hook of commandHooks) {
      if (hook.event !== event) continue;
      if (hook.matcher && call && !(await firstRestricting([hook.matcher], { tool: call.name, args: call.args, workspace }))) continue;
      yield report(await this.runCommand(hook, sessionId, { event, sessionId, cwd: workspace, ...payload() }, signal));
    }
    if (!host.hasSubscribers(event)) return;
    const source = `hook:${event}(host)`;
    const replies = await host.invoke(event, sessionId, { event, sessionId, ...payload() }, this.options.hostTimeoutMs ?? DEFAULT_HOST_HOOK_TIMEOUT_MS, signal);
    for (const reply of replies) {
      if ("failed" in reply) {
        yield report({ source, failed: `host hook failed: ${reply.failed}` });
        continue;
      }
      const hostError = hostErrorOf(reply.answered);
      if (hostError !== undefined) {
        yield report({ source, failed: `host hook failed: ${hostError}` });
        continue;
      }
      try {
        yield report({ source, result: parseHookResult(event, reply.answered) });
      } catch (err) {
        yield report({ source, failed: `host hook failed: ${(err as Error).message}` });
      }
    }
  }

  private async runCommand(hook: CommandHook, sessionId: string, input: object, signal?: AbortSignal): Promise<HookStep> {
    const source = `hook:${hook.event}(command: ${hook.command})`;
    try {
      const out = await this.options.processes.run(sessionId, {
        file: "sh",
        args: ["-c", hook.command],
        cwd: this.options.workspace,
        input: JSON.stringify(input),
        timeoutMs: hook.timeoutMs,
        signal,
      });
      if (out.limitHit) return { source, failed: limitMessage(out.limitHit, "the hook command") };
      if (out.stoppedBy === "timeout") return { source, failed: `hook command timed out after ${hook.timeoutMs} ms` };
      if (out.stoppedBy === "cancel") return { source, failed: "the turn was cancelled while the hook ran" };
      if (out.exitCode === 2) return { source, blocked: out.stderr.trim() || "blocked by the hook (exit code 2)" };
      if (out.exitCode !== 0) return { source, failed: `hook command exited with code ${out.exitCode}: ${out.stderr.trim()}` };
      return { source, result: parseHookResult(hook.event, out.stdout) };
    } catch (err) {
      return { source, failed: `hook command failed: ${(err as Error).message}` };
    }
  }
}

function stepFailure(step: HookStep): string | undefined {
  if ("blocked" in step) return step.blocked;
  if ("failed" in step) return step.failed;
  return undefined;
}

/** A host handler that threw answers `{ "error": message }` (see HostHookError in common/hooks). */
function hostErrorOf(text: string): string | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === "object" && value !== null && typeof (value as { error?: unknown }).error === "string") return (value as { error: string }).error;
  } catch {
    // not JSON: parseHookResult reports it
  }
  return undefined;
}
