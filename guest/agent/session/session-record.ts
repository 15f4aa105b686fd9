import type { ToolCall, ToolResult, Usage } from "../../../common/chunks";
import type { SessionOptions } from "../../../common/session";
import type { Rule } from "../policy/rule";

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
  /** Allow rules remembered from "allow for this session" answers and activated skills. */
  rememberedRules?: Rule[];
  /** What compaction made of the older turns; sent with the system prompt. */
  summary?: string;
}

/** The system prompt a model sees: the session's, plus the summary of compacted turns. */
export function systemPromptOf(record: SessionRecord): string | undefined {
  const parts = [record.options.system, record.summary && `Summary of the earlier conversation:\n${record.summary}`];
  const text = parts.filter(Boolean).join("\n\n");
  return text || undefined;
}

/**
 * A stored record, checked for shape; undefined when it is not one. Records written before
 * the system prompt was called `system` get it renamed.
 */
export function sessionRecordFrom(value: unknown): SessionRecord | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const r = value as Partial<SessionRecord>;
  const valid =
    typeof r.id === "string" &&
    typeof r.options === "object" && r.options !== null &&
    typeof r.createdAtMs === "number" &&
    typeof r.updatedAtMs === "number" &&
    Array.isArray(r.messages) &&
    typeof r.usedTokens === "number" &&
    typeof r.totalUsage === "object" && r.totalUsage !== null;
  if (!valid) return undefined;
  const { systemPrompt, ...options } = r.options as SessionRecord["options"] & { systemPrompt?: string };
  return { ...(r as SessionRecord), options: typeof systemPrompt === "string" && options.system === undefined ? { ...options, system: systemPrompt } : options };
}
