/**
 * The chunks a model turn streams, host side. Every chunk has a `type` and also the seed
 * SDK's property, so both `chunk.type === "text-delta"` and `if (chunk.textDelta)` work.
 */
import type { Chunk, Chunk__Output } from "./generated/a3s/box/v1/Chunk";
import type { ToolDecision as WireToolDecision } from "./generated/a3s/box/v1/ToolDecision";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface ToolCall {
  id: string;
  name: string;
  args: JsonObject;
}

export interface ToolDecision {
  decision: "allow" | "deny" | "ask";
  /** What decided: "rule:bash(npm *)", "hook:PreToolUse", "human", "default", "timeout", … */
  decidedBy: string;
  reason?: string;
}

export interface ToolResult {
  id: string;
  name: string;
  output: string;
  isError: boolean;
  decision?: ToolDecision;
}

export interface FileDiff {
  path: string;
  before: string;
  after: string;
  isNewFile: boolean;
}

export interface ConfirmationRequest {
  requestId: string;
  tool: string;
  args: JsonObject;
  reason: string;
  toolCallId: string;
  /** For write and edit: the file now and as the call would leave it. */
  diff?: FileDiff;
  /** The rule an "Always allow" answer (remember: "session") adds, e.g. `bash(npm test)`; absent when none can be offered. */
  alwaysAllowRule?: string;
}

export interface ConfirmationResolved {
  requestId: string;
  decision: "allow" | "deny";
  reason: string;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

/** `budget`: the box's model budget is spent (an `error` chunk with BUDGET_EXHAUSTED says which). */
export type FinishReason = "stop" | "tool-calls" | "length" | "max-steps" | "cancelled" | "error" | "budget";

export interface Finish {
  usage: Usage;
  finishReason: FinishReason;
}

export interface ChunkError {
  code: string;
  message: string;
}

type KeysOfAny<U> = U extends unknown ? keyof U : never;
/** Each member also declares the others' properties as absent, so `chunk.textDelta` type-checks on any chunk. */
type Exclusive<U, K extends PropertyKey = KeysOfAny<U>> = U extends unknown ? U & { [P in Exclude<K, keyof U>]?: undefined } : never;

export type StreamChunk = Exclusive<
  | { type: "text-delta"; textDelta: string }
  | { type: "reasoning-delta"; reasoningDelta: string }
  | { type: "tool-call"; toolCall: ToolCall }
  | { type: "tool-result"; toolResult: ToolResult }
  | { type: "confirmation-request"; confirmationRequest: ConfirmationRequest }
  | { type: "confirmation-resolved"; confirmationResolved: ConfirmationResolved }
  | { type: "finish"; finish: Finish }
  | { type: "error"; error: ChunkError }
>;

export function parseJsonObject(text: string): JsonObject {
  if (text === "") return {};
  const value: unknown = JSON.parse(text);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`expected a JSON object, got ${text.slice(0, 80)}`);
  }
  return value as JsonObject;
}

function decisionToWire(d: ToolDecision | undefined): WireToolDecision | null {
  return d ? { decision: d.decision, decidedBy: d.decidedBy, reason: d.reason ?? "" } : null;
}

function decisionFromWire(d: WireToolDecision | null | undefined): ToolDecision | undefined {
  if (!d?.decision) return undefined;
  return {
    decision: d.decision as ToolDecision["decision"],
    decidedBy: d.decidedBy ?? "",
    ...(d.reason ? { reason: d.reason } : {}),
  };
}

export function toolResultToWire(r: ToolResult) {
  return { id: r.id, name: r.name, output: r.output, isError: r.isError, decision: decisionToWire(r.decision) };
}

export function toolResultFromWire(r: {
  id: string; name: string; output: string; isError: boolean; decision?: WireToolDecision | null;
}): ToolResult {
  const decision = decisionFromWire(r.decision);
  return { id: r.id, name: r.name, output: r.output, isError: r.isError, ...(decision ? { decision } : {}) };
}

export function chunkToWire(chunk: StreamChunk): Chunk {
  switch (chunk.type) {
    case "text-delta":
      return { textDelta: chunk.textDelta };
    case "reasoning-delta":
      return { reasoningDelta: chunk.reasoningDelta };
    case "tool-call": {
      const { id, name, args } = chunk.toolCall;
      return { toolCall: { id, name, argsJson: JSON.stringify(args) } };
    }
    case "tool-result":
      return { toolResult: toolResultToWire(chunk.toolResult) };
    case "confirmation-request": {
      const { args, diff, ...rest } = chunk.confirmationRequest;
      return { confirmationRequest: { ...rest, argsJson: JSON.stringify(args), diff: diff ?? null } };
    }
    case "confirmation-resolved":
      return { confirmationResolved: chunk.confirmationResolved };
    case "finish":
      return { finish: chunk.finish };
    case "error":
      return { error: chunk.error };
  }
}

export function chunkFromWire(wire: Chunk__Output): StreamChunk {
  switch (wire.chunk) {
    case "textDelta":
      return { type: "text-delta", textDelta: wire.textDelta ?? "" };
    case "reasoningDelta":
      return { type: "reasoning-delta", reasoningDelta: wire.reasoningDelta ?? "" };
    case "toolCall": {
      const c = wire.toolCall!;
      return { type: "tool-call", toolCall: { id: c.id, name: c.name, args: parseJsonObject(c.argsJson) } };
    }
    case "toolResult":
      return { type: "tool-result", toolResult: toolResultFromWire(wire.toolResult!) };
    case "confirmationRequest": {
      const c = wire.confirmationRequest!;
      return {
        type: "confirmation-request",
        confirmationRequest: {
          requestId: c.requestId,
          tool: c.tool,
          args: parseJsonObject(c.argsJson),
          reason: c.reason,
          toolCallId: c.toolCallId,
          ...(c.diff ? { diff: c.diff } : {}),
          ...(c.alwaysAllowRule ? { alwaysAllowRule: c.alwaysAllowRule } : {}),
        },
      };
    }
    case "confirmationResolved": {
      const c = wire.confirmationResolved!;
      return {
        type: "confirmation-resolved",
        confirmationResolved: { requestId: c.requestId, decision: c.decision as "allow" | "deny", reason: c.reason },
      };
    }
    case "finish": {
      const f = wire.finish!;
      return {
        type: "finish",
        finish: {
          usage: { inputTokens: f.usage?.inputTokens ?? 0, outputTokens: f.usage?.outputTokens ?? 0 },
          finishReason: f.finishReason as FinishReason,
        },
      };
    }
    case "error":
      return { type: "error", error: { code: wire.error!.code, message: wire.error!.message } };
    default:
      throw new TypeError(`unknown chunk kind: ${String(wire.chunk)}`);
  }
}
