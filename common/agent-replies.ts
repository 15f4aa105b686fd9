/**
 * The agent's replies that the guest produces and the host reads, each defined once (on the
 * wire they are agent.proto messages; these are their shapes on either side).
 */
import type { JsonObject } from "./chunks";

/** The agent's command queue lanes, highest priority first. */
export const LANES = ["control", "query", "execute", "generate"] as const;
export type Lane = (typeof LANES)[number];

/** One lane of the agent's command queue, as health checks report it. */
export interface LaneStats {
  lane: Lane;
  /** Commands waiting. */
  depth: number;
  running: number;
  concurrency: number;
  /** Over the lane's last 1000 commands. */
  waitP50Ms: number;
  waitMaxMs: number;
}

/** What compacting a session's context did. */
export interface CompactResult {
  tokensBefore: number;
  tokensAfter: number;
  messagesBefore: number;
  messagesAfter: number;
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
  /** `builtin`, or `skill:<name>` for the skill that brought the tool. */
  source: string;
  /** The tool's JSON Schema. */
  parameters: JsonObject;
}
