/**
 * Where an agent's sessions persist, and what it persists: the contract a pluggable store
 * implements (`a3s-box agent --session-store MODULE`; docs/agent.md).
 */
import type { ToolCall, ToolResult, Usage } from "./chunks";
import type { SessionOptions } from "./session";

/** A parsed permission rule: a tool (or skill) name and an optional argument pattern. */
export interface Rule {
  tool: string;
  pattern?: string;
}

/** A thinking block as Anthropic returns it; sent back unchanged on later steps. */
export interface ThinkingBlock {
  thinking: string;
  signature: string;
}

export type SessionMessage =
  | { role: "user"; text: string; createdAtMs: number }
  | { role: "assistant"; text: string; toolCalls: ToolCall[]; thinking?: ThinkingBlock[]; createdAtMs: number }
  | { role: "tool"; toolResults: ToolResult[]; createdAtMs: number };

/** Everything persisted about a session. */
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

/**
 * Where sessions persist. `load` rejects with code SESSION_NOT_FOUND for an unknown id; ids
 * match `[A-Za-z0-9_-]{1,128}`. The agent calls `list` and `load` once at start, `save` after
 * every change and `delete` when a session is destroyed.
 */
export interface SessionStore {
  save(record: SessionRecord): Promise<void>;
  load(id: string): Promise<SessionRecord>;
  delete(id: string): Promise<void>;
  /** Ids of every stored session. */
  list(): Promise<string[]>;
  exists(id: string): Promise<boolean>;
}

export interface SessionStoreOptions {
  /** The agent's state folder (`--state-dir`), the store's to use. */
  stateDir: string;
}

/** What a store module exports, as `createSessionStore` or as its default export. */
export type SessionStoreFactory = (options: SessionStoreOptions) => SessionStore | Promise<SessionStore>;

/** The stores every agent has; anything else given to `--session-store` is a module path. */
export const BUILTIN_SESSION_STORES = ["file", "sqlite"] as const;
export type BuiltinSessionStore = (typeof BUILTIN_SESSION_STORES)[number];
