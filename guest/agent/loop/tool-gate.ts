import type { JsonObject, StreamChunk, ToolCall, ToolDecision, ToolResult } from "../../../common/chunks";
import type { SessionRecord } from "../session/session-record";
import type { ToolSpec } from "../tools/registry";

/** A decision about one call; `args`, when set, are what the tool runs with instead (a hook rewrote them). */
export interface GateDecision extends ToolDecision {
  args?: JsonObject;
}

/**
 * The seam every tool call passes through: `visibleTools` picks what the model is offered,
 * `authorize` runs before the tool (permission policy, hooks, human confirmation plug in
 * here; it may emit chunks such as confirmation requests while it waits), `run` wraps the
 * execution (a queue), `afterRun` sees every result before the model does.
 */
export interface ToolGate {
  visibleTools(session: SessionRecord, tools: ToolSpec[]): ToolSpec[];
  authorize(session: SessionRecord, call: ToolCall, signal: AbortSignal, emit: (chunk: StreamChunk) => void): Promise<GateDecision>;
  run(session: SessionRecord, call: ToolCall, execute: () => Promise<ToolResult>, signal: AbortSignal): Promise<ToolResult>;
  afterRun(session: SessionRecord, call: ToolCall, result: ToolResult): Promise<ToolResult>;
}

/** Allows everything and leaves results as they are: the agent's behaviour without policies. */
export const allowAllGate: ToolGate = {
  visibleTools: (_session, tools) => tools,
  authorize: async () => ({ decision: "allow", decidedBy: "default" }),
  run: (_session, _call, execute) => execute(),
  afterRun: async (_session, _call, result) => result,
};
