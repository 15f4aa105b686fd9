import type { ToolCall, Usage } from "../../../common/chunks";
import type { SessionMessage, ThinkingBlock } from "../session/session-record";
import type { ToolSpec } from "../tools/registry";

export interface ModelRequest {
  model: string;
  system?: string;
  messages: SessionMessage[];
  tools: ToolSpec[];
  thinking: boolean;
  contextWindow: number;
  /** Ask the model for JSON matching this schema (where the provider supports it natively). */
  jsonSchema?: Record<string, unknown>;
  /** Extra HTTP headers for the request (the trace context, `traceparent`). */
  headers?: Record<string, string>;
}

export type ModelFinishReason = "stop" | "tool-calls" | "length";

/** One model step as a stream: deltas, complete tool calls, then exactly one finish. */
export type ModelEvent =
  | { type: "text-delta"; text: string }
  | { type: "reasoning-delta"; text: string }
  | { type: "thinking-block"; block: ThinkingBlock }
  | { type: "tool-call"; call: ToolCall }
  | { type: "finish"; reason: ModelFinishReason; usage: Usage; /** The model that answered, as the provider named it. */ model?: string };

/** A vendor's model API. Errors are A3sErrors (PROVIDER_AUTH, PROVIDER_RATE_LIMITED, …). */
export interface ModelProvider {
  readonly name: string;
  stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ModelEvent>;
}
