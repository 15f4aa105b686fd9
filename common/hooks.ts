/**
 * Hooks as both ends see them: the events, what a hook receives (the payload, as JSON on
 * a command hook's stdin or in a host hook's invocation) and what it may answer.
 */
import type { JsonObject } from "./chunks";

export const HOOK_EVENTS = ["SessionStart", "UserPromptSubmit", "PreToolUse", "PostToolUse", "PreCompact", "Stop", "SessionEnd"] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

export function isHookEvent(value: string): value is HookEvent {
  return (HOOK_EVENTS as readonly string[]).includes(value);
}

/** Every payload has `event` and `sessionId`; command hooks also get `cwd` (the workspace). */
export interface HookPayload {
  event: HookEvent;
  sessionId: string;
  cwd?: string;
  /** UserPromptSubmit */
  prompt?: string;
  /** PreToolUse, PostToolUse */
  tool?: string;
  args?: JsonObject;
  toolCallId?: string;
  /** PostToolUse */
  result?: { output: string; isError: boolean };
  /** Stop */
  finishReason?: string;
  /** PreCompact */
  messageCount?: number;
}

/** What a hook may answer; every field is optional and `{}` means "no opinion". */
export interface HookResult {
  /** PreToolUse: allow, deny or ask; UserPromptSubmit: block. */
  decision?: "allow" | "deny" | "ask" | "block";
  reason?: string;
  /** PreToolUse: the arguments to run the tool with instead. */
  args?: JsonObject;
  /** PostToolUse: the result text the model sees instead. */
  output?: string;
  isError?: boolean;
  /** UserPromptSubmit: text added to the prompt's context. */
  additionalContext?: string;
}

/** What the client answers for a host handler that threw: the agent counts it as a failed hook. */
export interface HostHookError {
  error: string;
}
