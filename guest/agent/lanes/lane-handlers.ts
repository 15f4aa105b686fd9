/**
 * Puts every gRPC command through the lane queue: each handler starts only when its lane
 * has a free slot and holds that slot until it has answered (a stream: until it ends).
 * Subscriptions (WatchHooks, WatchFiles) live outside the queue: they wait for events,
 * not for work.
 */
import type * as grpc from "@grpc/grpc-js";
import type { AgentServiceHandlers } from "../../../common/generated/a3s/box/v1/AgentService";
import { toServiceError } from "../../../common/node/grpc-status";
import type { Lane } from "../../../common/agent-replies";
import type { LaneQueue } from "./lane-queue";

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

export function withLanes(handlers: Partial<AgentServiceHandlers>, definition: grpc.ServiceDefinition, queue: LaneQueue): Partial<AgentServiceHandlers> {
  const wrapped: Record<string, unknown> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    const lane = LANE_OF[name as keyof AgentServiceHandlers];
    const method = definition[name];
    if (!lane || !method || typeof handler !== "function") wrapped[name] = handler;
    else if (method.responseStream) wrapped[name] = queuedStream(lane, handler as AnyStream, queue);
    else wrapped[name] = queuedUnary(lane, handler as AnyUnary, queue);
  }
  return wrapped as Partial<AgentServiceHandlers>;
}

function queuedUnary(lane: Lane, handler: AnyUnary, queue: LaneQueue): AnyUnary {
  return (call, callback) => {
    const gone = new AbortController();
    call.on("cancelled", () => gone.abort());
    queue
      .run(lane, () => new Promise<void>((done) => handler(call, (...answer) => {
        callback(...answer);
        done();
      })), gone.signal)
      .catch((err: unknown) => callback(toServiceError(err)));
  };
}

function queuedStream(lane: Lane, handler: AnyStream, queue: LaneQueue): AnyStream {
  return (call) => {
    const gone = new AbortController();
    call.on("cancelled", () => gone.abort());
    queue
      .run(lane, () => new Promise<void>((done) => {
        if (gone.signal.aborted) return done();
        for (const event of ["finish", "error", "cancelled", "close"]) call.once(event, () => done());
        handler(call);
      }), gone.signal)
      .catch((err: unknown) => call.emit("error", toServiceError(err)));
  };
}
