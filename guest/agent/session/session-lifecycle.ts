/**
 * Points in a session's life where control (hooks) takes part: a session starts or ends,
 * a prompt is about to start a turn (it may be blocked or given extra context), a turn
 * has stopped, older turns are about to be compacted.
 */
export interface SessionLifecycle {
  sessionStarted(sessionId: string): Promise<void>;
  sessionEnded(sessionId: string): Promise<void>;
  beforeTurn(sessionId: string, prompt: string, signal?: AbortSignal): Promise<{ prompt: string } | { blocked: string }>;
  afterTurn(sessionId: string, finishReason: string): Promise<void>;
  beforeCompact(sessionId: string, messageCount: number): Promise<void>;
}

/** Nothing takes part: the agent without hooks. */
export const quietLifecycle: SessionLifecycle = {
  sessionStarted: async () => undefined,
  sessionEnded: async () => undefined,
  beforeTurn: async (_sessionId, prompt) => ({ prompt }),
  afterTurn: async () => undefined,
  beforeCompact: async () => undefined,
};
