/**
 * Puts every gRPC command through the lane queue: each handler starts only when its lane
 * has a free slot and holds that slot until it has answered (a stream: until it ends).
 * Subscriptions (WatchHooks, WatchFiles) live outside the queue: they wait for events,
 * not for work. A model turn still waiting is registered in `QueuedTurns`, so Cancel of its
 * session takes it out of the queue: a Generate then ends with a `cancelled` finish chunk,
 * the other turns (GenerateObject, StreamObject, Compact) with CANCELLED.
 */
import type * as grpc from "@grpc/grpc-js";
import type { AgentServiceHandlers } from "../../../common/generated/a3s/box/v1/AgentService";
import { chunkToWire } from "../../../common/chunks";
import { A3sError, ErrorCodes } from "../../../common/errors";
import { toServiceError } from "../../../common/node/grpc-status";
import type { Lane } from "../../../common/agent-replies";
import type { LaneQueue } from "./lane-queue";
import type { QueuedTurns } from "./queued-turns";

export const LANE_OF: Record<keyof AgentServiceHandlers, Lane | undefined> = {
  HealthCheck: "control",
  Cancel: "control",
  Configure: "control",
  SetPermissionPolicy: "control",
  RespondToConfirmation: "control",
  RespondToHook: "control",
  CreateSession: "control",
  DestroySession: "control",
  Clear: "control",
  LoadSkill: "control",
  UnloadSkill: "control",
  ListSessions: "query",
  GetContextUsage: "query",
  GetHistory: "query",
  ListSkills: "query",
  ListDir: "query",
  ReadFile: "query",
  Stat: "query",
  WriteFile: "query",
  Generate: "generate",
  GenerateObject: "generate",
  StreamObject: "generate",
  Compact: "generate",
  WatchHooks: undefined,
  WatchFiles: undefined,
};

type AnyUnary = grpc.handleUnaryCall<unknown, unknown>;
type AnyStream = grpc.handleServerStreamingCall<unknown, unknown>;

/** How a Generate cancelled before it started ends: like any cancelled turn. */
const CANCELLED_FINISH = chunkToWire({ type: "finish", finish: { usage: { inputTokens: 0, outputTokens: 0 }, finishReason: "cancelled" } });

export function withLanes(
  handlers: Partial<AgentServiceHandlers>,
  definition: grpc.ServiceDefinition,
  queue: LaneQueue,
  queuedTurns: QueuedTurns,
): Partial<AgentServiceHandlers> {
  const wrapped: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    const lane = LANE_OF[name as keyof AgentServiceHandlers];
    const method = definition[name];
    const slot: Slot = { lane, queue, turns: lane === "generate" ? queuedTurns : undefined };
    if (!lane || !method || typeof handler !== "function") wrapped[name] = handler;
    else if (method.responseStream) wrapped[name] = queuedStream(slot, handler as AnyStream, name === "Generate");
    else wrapped[name] = queuedUnary(slot, handler as AnyUnary);
  }
  return wrapped as Partial<AgentServiceHandlers>;
}

interface Slot {
  lane: Lane | undefined;
  queue: LaneQueue;
  /** Set for model turns: where a waiting turn registers, so Cancel of its session reaches it. */
  turns: QueuedTurns | undefined;
}

/**
 * Waits for a slot and runs `task` in it. Rejects with CANCELLED when the caller goes away
 * or (a model turn) its session is cancelled first; `byCancel` tells which.
 */
function inSlot(slot: Slot, call: grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerWritableStream<unknown, unknown>, task: (gone: AbortSignal) => Promise<void>) {
  const gone = new AbortController();
  call.on("cancelled", () => gone.abort());
  const sessionCancel = new AbortController();
  const sessionId = (call.request as { sessionId?: unknown } | undefined)?.sessionId;
  const unregister = slot.turns && typeof sessionId === "string" ? slot.turns.add(sessionId, () => sessionCancel.abort()) : undefined;
  const waiting = AbortSignal.any([gone.signal, sessionCancel.signal]);
  const run = slot.queue.run(slot.lane!, () => {
    unregister?.();
    return task(gone.signal);
  }, waiting);
  run.catch(() => unregister?.());
  return { run, byCancel: () => sessionCancel.signal.aborted && !gone.signal.aborted };
}

function queuedUnary(slot: Slot, handler: AnyUnary): AnyUnary {
  return (call, callback) => {
    const { run, byCancel } = inSlot(slot, call, () => new Promise<void>((done) => handler(call, (...answer) => {
      callback(...answer);
      done();
    })));
    run.catch((err: unknown) =>
      callback(toServiceError(byCancel() ? new A3sError(ErrorCodes.CANCELLED, "the turn was cancelled before it started") : err)),
    );
  };
}

function queuedStream(slot: Slot, handler: AnyStream, isGenerate: boolean): AnyStream {
  return (call) => {
    const { run, byCancel } = inSlot(slot, call, (gone) => new Promise<void>((done) => {
      if (gone.aborted) return done();
      for (const event of ["finish", "error", "cancelled", "close"]) call.once(event, () => done());
      handler(call);
    }));
    run.catch((err: unknown) => {
      if (byCancel() && isGenerate) {
        call.write(CANCELLED_FINISH);
        call.end();
      } else call.emit("error", toServiceError(byCancel() ? new A3sError(ErrorCodes.CANCELLED, "the turn was cancelled before it started") : err));
    });
  };
}
