/**
 * `client.onHook`: one WatchHooks stream per registration. Each invocation runs the
 * handler and sends its answer back with RespondToHook; a handler that throws answers
 * `{ error }`, which the agent counts as a failed hook.
 */
import type * as grpc from "@grpc/grpc-js";
import type { HookEvent, HookPayload, HookResult, HostHookError } from "../common/hooks";
import type { AgentServiceClient } from "../common/generated/a3s/box/v1/AgentService";
import type { HookInvocation__Output } from "../common/generated/a3s/box/v1/HookInvocation";
import { fromGrpcError } from "./grpc-errors";

export type HookHandler = (payload: HookPayload) => HookResult | void | Promise<HookResult | void>;

export interface HookTransport {
  raw: AgentServiceClient;
  address: string;
  metadata(): grpc.Metadata;
  respond(invocationId: string, resultJson: string): Promise<void>;
}

/** Resolves, with the function that ends the subscription, once the agent has it in place. */
export function subscribeHook(transport: HookTransport, event: HookEvent, handler: HookHandler): Promise<() => void> {
  const call = transport.raw.WatchHooks({ events: [event] }, transport.metadata());
  const answer = async (invocation: HookInvocation__Output) => {
    let reply: HookResult | HostHookError;
    try {
      reply = (await handler(JSON.parse(invocation.payloadJson) as HookPayload)) ?? {};
    } catch (err) {
      reply = { error: err instanceof Error ? err.message : String(err) };
    }
    // The agent may have stopped waiting (timeout); nothing is left to do then.
    await transport.respond(invocation.invocationId, JSON.stringify(reply)).catch(() => undefined);
  };
  call.on("data", (invocation: HookInvocation__Output) => void answer(invocation));
  return new Promise((resolve, reject) => {
    let ready = false;
    const stop = () => call.cancel();
    call.once("metadata", () => {
      ready = true;
      resolve(stop);
    });
    call.on("error", (err: grpc.ServiceError) => {
      if (!ready) reject(fromGrpcError(err, transport.address));
    });
  });
}
