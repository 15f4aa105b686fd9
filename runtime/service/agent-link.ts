/**
 * What BoxService needs from an agent: the session and turn calls of A3sClient plus the
 * workspace file calls (the agent's file RPCs, so the host never resolves a path inside a
 * tree the box controls). A3sClient (client/) satisfies both structurally.
 */
import type { CompactResult, LaneStats } from "../../common/agent-replies";
import type { StreamChunk } from "../../common/chunks";
import type { ConfirmationAnswer, PermissionPolicy, SessionOptions } from "../../common/session";
import type { FileEntry, FileText } from "../../common/box-api";
import type { FileChange } from "../../common/files";

export interface AgentSessions {
  createSession(options?: SessionOptions): Promise<string>;
  destroySession(sessionId: string): Promise<void>;
  configure(sessionId: string, options: SessionOptions): Promise<unknown>;
  stream(sessionId: string, prompt: string): AsyncIterable<StreamChunk>;
  cancel(sessionId: string): Promise<unknown>;
  getContextUsage(sessionId: string): Promise<{ usedTokens: number; contextWindow: number; messageCount: number }>;
  clear(sessionId: string): Promise<unknown>;
  compact(sessionId: string): Promise<CompactResult>;
  setPermissionPolicy(sessionId: string, policy: PermissionPolicy): Promise<unknown>;
  respondToConfirmation(sessionId: string, requestId: string, answer: ConfirmationAnswer): Promise<unknown>;
  /** The agent's lanes, for the metrics. */
  healthCheck(): Promise<{ lanes: LaneStats[] }>;
}

export interface AgentWorkspace {
  listDir(path: string): Promise<FileEntry[]>;
  readFile(path: string): Promise<FileText>;
  writeFile(path: string, content: string): Promise<FileEntry>;
  /** Calls `onChange` for every change below `path`; resolves once watching, with the function that stops. */
  watchFiles(path: string, onChange: (change: FileChange) => void, onError: (error: Error) => void): Promise<() => void>;
}

export interface AgentLink {
  sessions: AgentSessions;
  workspace: AgentWorkspace;
  close(): void;
}
