import type { ConfirmationRequest, FinishReason, JsonObject, ToolCall, ToolResult, Usage } from "../common/chunks";
import type { ConfirmationAnswer } from "../common/session";
import type { LaneStats } from "../common/agent-replies";

export type { CompactResult, LaneStats, SkillInfo, ToolInfo } from "../common/agent-replies";

export interface A3sClientOptions {
  /** "host:port" or "unix:/path"; default A3S_SERVER_ADDRESS, else localhost:4088. */
  address?: string;
  /** The agent's token, sent as `authorization: Bearer <token>`; default A3S_AGENT_TOKEN. */
  token?: string;
  /** How soon a call notices an agent that stopped answering; default 15 s / 20 s (see docs/agent.md). */
  keepalive?: KeepaliveOptions;
}

export interface KeepaliveOptions {
  /** A call's connection is pinged after this long without a ping. */
  timeMs: number;
  /** A ping unanswered this long, or no connection this long after a call starts, fails the call with UNAVAILABLE. */
  timeoutMs: number;
}

export interface GenerateOptions {
  /** Answers a tool call that needs approval; without it, such calls are denied. */
  onConfirm?: (request: ConfirmationRequest) => ConfirmationAnswer | Promise<ConfirmationAnswer>;
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

export interface HealthStatus {
  status: string;
  version: string;
  uptimeMs: number;
  sessionCount: number;
  /** The agent's command queue, one entry per lane, highest priority first. */
  lanes: LaneStats[];
}

