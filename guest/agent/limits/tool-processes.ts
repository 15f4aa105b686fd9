import { runProcess, type ProcessOutcome, type RunProcessOptions } from "../../../common/node/run-process";

/** A limit of the box that ended a tool's processes. */
export type LimitHit = { kind: "memory"; memoryMiB: number } | { kind: "processes"; processes: number };

export interface ToolProcessOutcome extends ProcessOutcome {
  /** Set when a limit ended the program (then `stoppedBy` says only how it was stopped). */
  limitHit?: LimitHit;
}

/** How the agent runs every tool, skill and hook program: as a process of one session. */
export interface ToolProcesses {
  run(sessionId: string, options: RunProcessOptions): Promise<ToolProcessOutcome>;
  /** Kills whatever the session's programs left running (background children). */
  endSession(sessionId: string): Promise<void>;
}

/** Outside a box (`a3s-box agent` on a host): the process group is the only bound. */
export const unlimitedProcesses: ToolProcesses = {
  run: (_sessionId, options) => runProcess(options),
  endSession: async () => undefined,
};

/** The error a tool reports when a limit ended `what` ("the command", "the tool", …). */
export function limitMessage(hit: LimitHit, what: string): string {
  if (hit.kind === "memory") {
    return `${what} ran out of memory: it went over the box's memory limit of ${hit.memoryMiB} MiB for tools (memory.max) and was killed, with everything it started`;
  }
  return `${what} went over the box's process limit of ${hit.processes} processes for tools (pids.max) and was stopped, with everything it started`;
}
