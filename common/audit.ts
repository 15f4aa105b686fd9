/**
 * One line of a box's audit log (docs/observability.md lists every field). The host writes
 * these from what it sees itself: the stream of a turn, the answers it forwards, the requests
 * through the box's model gateway. Fields marked "as the agent reported" come from the guest.
 */
import type { JsonObject } from "./chunks";

interface AuditBase {
  /** ISO 8601, when the host recorded the event. */
  time: string;
  box: string;
}

/** A tool or skill call, written when its result arrives. */
export interface ToolAuditEntry extends AuditBase {
  event: "tool";
  session: string;
  toolCallId: string;
  tool: string;
  /** sha256 of the arguments as canonical JSON (keys sorted). */
  argsDigest: string;
  /** The arguments themselves, only when full arguments are opted in. */
  args?: JsonObject;
  /** As the agent reported: allow or deny, and what decided (`rule:bash(npm *)`, `human`, `default`, `hook:…`, `timeout`). */
  decision: "allow" | "deny" | "unknown";
  decidedBy: string;
  reason?: string;
  status: "ok" | "error" | "denied";
  /** The bash tool's exit code, as the agent reported. */
  exitCode?: number;
  /** From the call's start (or the approval, when one was asked) to its result, measured on the host. */
  durationMs: number;
  /** Time spent waiting for an approval, when one was asked. */
  approvalWaitMs?: number;
  /** Bytes of the result (UTF-8). */
  bytesOut: number;
}

/** An approval request answered: by a person through this host, or by a timeout or cancel. */
export interface ConfirmationAuditEntry extends AuditBase {
  event: "confirmation";
  session: string;
  requestId: string;
  toolCallId: string;
  tool: string;
  answer: "allow" | "deny";
  /** `human:<host user>` for an answer this host forwarded; `timeout` or `cancelled` otherwise. */
  by: string;
  remember?: "once" | "session";
  /** The rule an "Always allow" answer added. */
  rule?: string;
  waitMs: number;
}

/** One request through a box's model gateway, as it ended (forwarded or refused). */
export interface GatewayRequestRecord {
  /** The provider named in the path; empty when it named none. */
  provider: string;
  method: string;
  /** The path after the gateway's token, e.g. /anthropic/v1/messages. */
  path: string;
  /** The HTTP status the box got. */
  status: number;
  /** Why the gateway refused it, when it did. */
  refused?: string;
  /** The model the provider named in its answer. */
  model?: string;
  inputTokens: number;
  outputTokens: number;
  /** What the tokens cost in US dollars by the gateway's price table; absent when it has no price for the model. */
  costUsd?: number;
  durationMs: number;
  bytesOut: number;
}

export interface GatewayAuditEntry extends AuditBase, GatewayRequestRecord {
  event: "gateway";
}

export type AuditEntry = ToolAuditEntry | ConfirmationAuditEntry | GatewayAuditEntry;
export type AuditEvent = AuditEntry["event"];
