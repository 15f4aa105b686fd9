/**
 * One queue for every agent command, in four lanes served highest priority first:
 * control (cancel, health, configure, answers), query (reads), execute (tool runs),
 * generate (model turns). Each lane has its own concurrency limit, so a full generate
 * lane never holds up control. Slots freed in the same turn of the event loop are refilled
 * together, higher lanes first. Lanes deliberately share no overall limit: a model turn
 * (generate) waits for its tool runs (execute), and a shared cap would let turns starve
 * their own tools.
 */
import { LANES, type Lane, type LaneStats } from "../../../common/agent-replies";
import { A3sError, ErrorCodes } from "../../../common/errors";
import { WaitStats } from "./wait-stats";

export type LaneLimits = Record<Lane, number>;

export const DEFAULT_LANE_LIMITS: LaneLimits = { control: 32, query: 16, execute: 8, generate: 16 };

interface Waiting {
  enqueuedAt: number;
  start: () => void;
}

interface LaneState {
  limit: number;
  running: number;
  waiting: Waiting[];
  waits: WaitStats;
}

export class LaneQueue {
  private readonly lanes: Record<Lane, LaneState>;
  private pumpScheduled = false;

  constructor(limits: Partial<LaneLimits> = {}, private readonly now: () => number = () => performance.now()) {
    const state = (lane: Lane): LaneState => {
      const limit = limits[lane] ?? DEFAULT_LANE_LIMITS[lane];
      if (!Number.isInteger(limit) || limit < 1) {
        throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `lane ${lane}: concurrency must be a whole number of at least 1, got ${limit}`);
      }
      return { limit, running: 0, waiting: [], waits: new WaitStats() };
    };
    this.lanes = { control: state("control"), query: state("query"), execute: state("execute"), generate: state("generate") };
  }

  /**
   * Runs `task` when its lane has a free slot. Aborting `signal` while the command still
   * waits removes it from the queue and rejects with CANCELLED.
   */
  run<T>(lane: Lane, task: () => Promise<T> | T, signal?: AbortSignal): Promise<T> {
    const state = this.lanes[lane];
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) return reject(cancelled(lane));
      const waiting: Waiting = {
        enqueuedAt: this.now(),
        start: () => {
          signal?.removeEventListener("abort", onAbort);
          state.running++;
          Promise.resolve()
            .then(task)
            .then(resolve, reject)
            .finally(() => {
              state.running--;
              this.schedulePump();
            });
        },
      };
      const onAbort = () => {
        const index = state.waiting.indexOf(waiting);
        if (index >= 0) {
          state.waiting.splice(index, 1);
          reject(cancelled(lane));
        }
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      state.waiting.push(waiting);
      this.pump();
    });
  }

  /**
   * Wraps a long-lived command (a stream) that holds its slot until `release` is called.
   * Resolves once the command may start.
   */
  acquire(lane: Lane, signal?: AbortSignal): Promise<() => void> {
    return new Promise((resolve, reject) => {
      this.run(lane, () => new Promise<void>((done) => resolve(once(done))), signal).catch(reject);
    });
  }

  snapshot(): LaneStats[] {
    return LANES.map((lane) => {
      const s = this.lanes[lane];
      return { lane, depth: s.waiting.length, running: s.running, concurrency: s.limit, waitP50Ms: s.waits.p50(), waitMaxMs: s.waits.max() };
    });
  }

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    for (const lane of LANES) {
      const state = this.lanes[lane];
      while (state.running < state.limit && state.waiting.length > 0) {
        const next = state.waiting.shift()!;
        state.waits.record(this.now() - next.enqueuedAt);
        next.start();
      }
    }
  }
}

function once(fn: () => void): () => void {
  let called = false;
  return () => {
    if (!called) {
      called = true;
      fn();
    }
  };
}

function cancelled(lane: Lane): A3sError {
  return new A3sError(ErrorCodes.CANCELLED, `the command was cancelled while waiting in the ${lane} lane`);
}

/** `generate=2,execute=4` (the agent's --lanes flag) as limits; names the bad part. */
export function parseLaneLimits(text: string): Partial<LaneLimits> {
  const limits: Partial<LaneLimits> = {};
  for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [lane, value] = part.split("=");
    if (!(LANES as readonly string[]).includes(lane ?? "") || !/^\d+$/.test(value ?? "")) {
      throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `--lanes: "${part}" is not lane=number with a lane of ${LANES.join(", ")}`);
    }
    limits[lane as Lane] = Number(value);
  }
  return limits;
}
