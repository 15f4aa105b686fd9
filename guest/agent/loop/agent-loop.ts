import type { FinishReason, StreamChunk, ToolCall, ToolResult, Usage } from "../../../common/chunks";
import { A3sError, ErrorCodes } from "../../../common/errors";
import type { ToolProcesses } from "../limits/tool-processes";
import type { ModelFinishReason, ModelProvider } from "../providers/model-provider";
import { systemPromptOf, type SessionRecord, type ThinkingBlock } from "../session/session-record";
import type { ToolRegistry } from "../tools/registry";
import type { Workspace } from "../tools/workspace";
import { streamWithRetry, type RetryPolicy } from "./retry";
import { traceToolCall } from "../telemetry/genai-spans";
import type { ToolGate } from "./tool-gate";

export const DEFAULT_MAX_STEPS = 50;

export interface TurnContext {
  session: SessionRecord;
  provider: ModelProvider;
  model: string;
  contextWindow: number;
  tools: ToolRegistry;
  workspace: Workspace;
  processes: ToolProcesses;
  gate: ToolGate;
  retry: RetryPolicy;
  /** Called after every step, so a crash loses at most the step in flight. */
  persist(): Promise<void>;
  emit(chunk: StreamChunk): void;
  signal: AbortSignal;
}

/**
 * One user turn: stream the model, run the tool calls it makes, feed the results back, and
 * repeat until the model stops or the step limit. Ends with exactly one `finish` chunk
 * (after an `error` chunk when it failed); never throws.
 */
export async function runTurn(prompt: string, ctx: TurnContext): Promise<void> {
  const { session, emit, signal } = ctx;
  const usage: Usage = { inputTokens: 0, outputTokens: 0 };
  const finish = (finishReason: FinishReason) => emit({ type: "finish", finish: { usage, finishReason } });
  session.messages.push({ role: "user", text: prompt, createdAtMs: Date.now() });
  try {
    const maxSteps = session.options.maxSteps ?? DEFAULT_MAX_STEPS;
    for (let step = 1; step <= maxSteps; step++) {
      const outcome = await runModelStep(ctx, usage);
      if (outcome.toolCalls.length === 0) {
        await ctx.persist();
        return finish(outcome.reason === "length" ? "length" : "stop");
      }
      await runToolCalls(ctx, outcome.toolCalls);
      await ctx.persist();
      if (signal.aborted) return finish("cancelled");
    }
    return finish("max-steps");
  } catch (err) {
    closeDanglingToolCalls(session);
    // The turn's own error is the one to report; the next turn's persist writes the whole session again.
    await ctx.persist().catch(() => undefined);
    if (signal.aborted) return finish("cancelled");
    const error = A3sError.from(err);
    emit({ type: "error", error: { code: error.code, message: error.message } });
    return finish(error.code === ErrorCodes.BUDGET_EXHAUSTED ? "budget" : "error");
  }
}

interface StepOutcome {
  toolCalls: ToolCall[];
  reason: ModelFinishReason;
}

async function runModelStep(ctx: TurnContext, usage: Usage): Promise<StepOutcome> {
  const { session, emit, signal } = ctx;
  let text = "";
  const toolCalls: ToolCall[] = [];
  const thinking: ThinkingBlock[] = [];
  let reason: ModelFinishReason = "stop";
  const request = {
    model: ctx.model,
    ...(systemPromptOf(session) ? { system: systemPromptOf(session) } : {}),
    messages: session.messages,
    tools: ctx.gate.visibleTools(session, ctx.tools.specs()),
    thinking: session.options.thinking ?? false,
    contextWindow: ctx.contextWindow,
  };
  try {
    for await (const event of streamWithRetry(() => ctx.provider.stream(request, signal), ctx.retry, signal)) {
      switch (event.type) {
        case "text-delta":
          text += event.text;
          emit({ type: "text-delta", textDelta: event.text });
          break;
        case "reasoning-delta":
          emit({ type: "reasoning-delta", reasoningDelta: event.text });
          break;
        case "thinking-block":
          thinking.push(event.block);
          break;
        case "tool-call":
          toolCalls.push(event.call);
          emit({ type: "tool-call", toolCall: event.call });
          break;
        case "finish":
          reason = event.reason;
          recordStepUsage(session, usage, event.usage);
          break;
      }
    }
    // Some SDKs end an aborted stream quietly instead of throwing.
    if (signal.aborted) throw new A3sError(ErrorCodes.CANCELLED, "the turn was cancelled");
  } finally {
    // What the model said before a cancel or failure stays in the history.
    if (text || toolCalls.length > 0 || thinking.length > 0) {
      session.messages.push({ role: "assistant", text, toolCalls, ...(thinking.length > 0 ? { thinking } : {}), createdAtMs: Date.now() });
    }
  }
  return { toolCalls, reason };
}

/** Adds one model step's usage to the turn's and the session's, and notes how full the context is. */
export function recordStepUsage(session: SessionRecord, turn: Usage, step: Usage): void {
  turn.inputTokens += step.inputTokens;
  turn.outputTokens += step.outputTokens;
  session.usedTokens = step.inputTokens + step.outputTokens;
  session.totalUsage.inputTokens += step.inputTokens;
  session.totalUsage.outputTokens += step.outputTokens;
}

async function runToolCalls(ctx: TurnContext, calls: ToolCall[]): Promise<void> {
  const { session, emit, signal } = ctx;
  const results: ToolResult[] = [];
  session.messages.push({ role: "tool", toolResults: results, createdAtMs: Date.now() });
  for (const call of calls) {
    const result: ToolResult = signal.aborted
      ? { id: call.id, name: call.name, output: "Cancelled before it ran.", isError: true }
      : await traceToolCall(call, () => authorizeAndRun(ctx, call));
    results.push(result);
    emit({ type: "tool-result", toolResult: result });
  }
}

/** One call through the gate: its decision, then the tool when allowed, then the gate's look at the result. */
async function authorizeAndRun(ctx: TurnContext, call: ToolCall): Promise<ToolResult> {
  const { session, emit, signal } = ctx;
  const { args, ...decision } = await ctx.gate.authorize(session, call, signal, emit);
  let result: ToolResult;
  if (decision.decision === "allow") {
    const approved = args ? { ...call, args } : call;
    result = await ctx.gate.run(session, approved, () =>
      ctx.tools.run(approved, {
        workspace: ctx.workspace,
        cwd: session.options.cwd ?? "",
        signal,
        runProcess: (options) => ctx.processes.run(session.id, options),
      }), signal);
  } else {
    const why = decision.reason ? `: ${decision.reason}` : "";
    result = { id: call.id, name: call.name, output: `Permission denied (${decision.decidedBy})${why}`, isError: true };
  }
  return ctx.gate.afterRun(session, call, { ...result, decision });
}

/** Every tool call in the history gets a result, even when the turn broke off, so providers accept it. */
function closeDanglingToolCalls(session: SessionRecord): void {
  const last = session.messages.at(-1);
  const calls = last?.role === "assistant" ? last.toolCalls : [];
  const answered = last?.role === "tool" ? new Set(last.toolResults.map((r) => r.id)) : undefined;
  if (last?.role === "tool") {
    const previous = session.messages.at(-2);
    if (previous?.role !== "assistant") return;
    for (const call of previous.toolCalls) {
      if (!answered!.has(call.id)) last.toolResults.push({ id: call.id, name: call.name, output: "Cancelled before it ran.", isError: true });
    }
    return;
  }
  if (calls.length > 0) {
    session.messages.push({
      role: "tool",
      toolResults: calls.map((c) => ({ id: c.id, name: c.name, output: "Cancelled before it ran.", isError: true })),
      createdAtMs: Date.now(),
    });
  }
}

