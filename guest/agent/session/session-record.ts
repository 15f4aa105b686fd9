import type { ToolCall, ToolResult, Usage } from "../../../common/chunks";
import type { SessionOptions } from "../../../common/session";

/** A thinking block as Anthropic returns it; sent back unchanged on later steps. */
export interface ThinkingBlock {
  thinking: string;
  signature: string;
}

export type SessionMessage =
  | { role: "user"; text: string; createdAtMs: number }
  | { role: "assistant"; text: string; toolCalls: ToolCall[]; thinking?: ThinkingBlock[]; createdAtMs: number }
  | { role: "tool"; toolResults: ToolResult[]; createdAtMs: number };

/** Everything persisted about a session: one JSON file per session in the state dir. */
export interface SessionRecord {
  id: string;
  options: SessionOptions;
  createdAtMs: number;
  updatedAtMs: number;
  messages: SessionMessage[];
  /** Tokens the context held at the last model step, from the provider's usage fields. */
  usedTokens: number;
  /** Usage summed over the session's life. */
  totalUsage: Usage;
  /** What compaction made of the older turns; sent with the system prompt. */
  summary?: string;
}

/** The system prompt a model sees: the session's, plus the summary of compacted turns. */
export function systemPromptOf(record: SessionRecord): string | undefined {
  const parts = [record.options.systemPrompt, record.summary && `Summary of the earlier conversation:\n${record.summary}`];
  const text = parts.filter(Boolean).join("\n\n");
  return text || undefined;
}
