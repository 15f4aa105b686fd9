/** Limits on the programs a box's tools, skills and hooks run (cgroup v2 pids.max and memory.max). */
export interface ToolLimits {
  /** pids.max: processes and threads of one session's tools, and of all sessions together. */
  processes: number;
  /** memory.max in MiB, likewise. */
  memoryMiB: number;
}

/** Enough for make -j, npm or pytest; a fork bomb meets it in well under a second. */
export const DEFAULT_TOOL_PROCESSES = 1024;

/** What the agent, its Node and the guest kernel keep for themselves out of the box's memory. */
export const AGENT_MEMORY_RESERVE_MIB = 256;

/** Tools get the box's memory less the agent's reserve (at least 64 MiB). */
export function defaultToolMemoryMiB(boxMemoryMiB: number): number {
  return Math.max(64, Math.floor(boxMemoryMiB) - AGENT_MEMORY_RESERVE_MIB);
}
