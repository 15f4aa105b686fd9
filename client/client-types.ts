import type { FinishReason, JsonObject, ToolCall, ToolResult, Usage } from "../common/chunks";

export interface A3sClientOptions {
  /** "host:port" or "unix:/path"; default A3S_SERVER_ADDRESS, else localhost:4088. */
  address?: string;
  /** The agent's token, sent as `authorization: Bearer <token>`; default A3S_AGENT_TOKEN. */
  token?: string;
}

export interface GenerateResult {
  text: string;
  toolCalls: ToolCall[];
  toolResults: ToolResult[];
  usage: Usage;
  finishReason: FinishReason;
}

export interface ObjectResult<T = JsonObject> {
  object: T;
  usage: Usage;
}

export type ObjectChunk<T = JsonObject> = { partialObject: Partial<T>; object?: undefined } | { object: T; usage: Usage; partialObject?: undefined };

export interface HistoryMessage {
  role: "system" | "user" | "assistant" | "tool";
  text: string;
  toolCalls: ToolCall[];
  toolResults: ToolResult[];
  createdAtMs: number;
}

export interface CompactResult {
  tokensBefore: number;
  tokensAfter: number;
  messagesBefore: number;
  messagesAfter: number;
}

export interface HealthStatus {
  status: string;
  version: string;
  uptimeMs: number;
  sessionCount: number;
}

export interface SkillInfo {
  name: string;
  description: string;
  tools: string[];
  builtin: boolean;
}

export interface ToolInfo {
  name: string;
  description: string;
  source: string;
  parameters: JsonObject;
}
