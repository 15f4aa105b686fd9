import type { StreamChunk, ToolCall, ToolDecision, ToolResult } from "../../../common/chunks";
import type { SessionRecord } from "../session/session-record";

/**
 * The seam every tool call passes through: `authorize` runs before the tool (permission
 * policy, hooks, human confirmation plug in here; it may emit chunks such as
 * confirmation requests while it waits), `afterRun` sees every result before the model does.
 */
export interface ToolGate {
  authorize(session: SessionRecord, call: ToolCall, signal: AbortSignal, emit: (chunk: StreamChunk) => void): Promise<ToolDecision>;
  afterRun(session: SessionRecord, call: ToolCall, result: ToolResult): Promise<ToolResult>;
}

/** Allows everything and leaves results as they are: the agent's behaviour without policies. */
export const allowAllGate: ToolGate = {
  authorize: async () => ({ decision: "allow", decidedBy: "default" }),
  afterRun: async (_session, _call, result) => result,
};
