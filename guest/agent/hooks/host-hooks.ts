/**
 * Hooks answered by the host: a client subscribes with WatchHooks to the events it
 * handles; each invocation goes to every subscriber of that event and the agent waits
 * for their RespondToHook answers, up to a timeout.
 */
import { randomUUID } from "node:crypto";
import { A3sError, ErrorCodes } from "../../../common/errors";
import type { HookEvent } from "./hook-events";

export interface HookInvocation {
  invocationId: string;
  event: HookEvent;
  sessionId: string;
  payloadJson: string;
}

/** One subscriber's answer: its JSON text, or why there is none. */
export type HostReply = { answered: string } | { failed: string };

interface Subscriber {
  events: ReadonlySet<HookEvent>;
  send: (invocation: HookInvocation) => void;
  /** Invocations this subscriber has not answered yet. */
  open: Set<string>;
}

interface Waiting {
  subscriber: Subscriber;
  settle: (reply: HostReply) => void;
}

export class HostHookBroker {
  private readonly subscribers = new Set<Subscriber>();
  private readonly waiting = new Map<string, Waiting>();

  /** Subscribes; the returned function ends the subscription and fails its open invocations. */
  watch(events: HookEvent[], send: (invocation: HookInvocation) => void): () => void {
    const subscriber: Subscriber = { events: new Set(events), send, open: new Set() };
    this.subscribers.add(subscriber);
    return () => {
      this.subscribers.delete(subscriber);
      for (const id of subscriber.open) this.waiting.get(id)?.settle({ failed: "the host stopped watching hooks before answering" });
    };
  }

  hasSubscribers(event: HookEvent): boolean {
    return [...this.subscribers].some((s) => s.events.has(event));
  }

  /** Asks every subscriber of `event`; resolves with one reply per subscriber, in order. */
  invoke(event: HookEvent, sessionId: string, payload: object, timeoutMs: number, signal?: AbortSignal): Promise<HostReply[]> {
    const targets = [...this.subscribers].filter((s) => s.events.has(event));
    const payloadJson = JSON.stringify(payload);
    return Promise.all(targets.map((subscriber) => this.ask(subscriber, { event, sessionId, payloadJson }, timeoutMs, signal)));
  }

  respond(invocationId: string, resultJson: string): void {
    const waiting = this.waiting.get(invocationId);
    if (!waiting) {
      throw new A3sError(ErrorCodes.NOT_FOUND, `no hook invocation ${invocationId} is waiting (already answered or timed out)`);
    }
    waiting.settle({ answered: resultJson });
  }

  private ask(subscriber: Subscriber, invocation: Omit<HookInvocation, "invocationId">, timeoutMs: number, signal?: AbortSignal): Promise<HostReply> {
    const invocationId = randomUUID();
    return new Promise((resolve) => {
      const settle = (reply: HostReply) => {
        if (!this.waiting.delete(invocationId)) return;
        subscriber.open.delete(invocationId);
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        resolve(reply);
      };
      const onAbort = () => settle({ failed: "the turn was cancelled" });
      const timer = setTimeout(() => settle({ failed: `the host did not answer within ${timeoutMs} ms` }), timeoutMs);
      this.waiting.set(invocationId, { subscriber, settle });
      subscriber.open.add(invocationId);
      signal?.addEventListener("abort", onAbort, { once: true });
      try {
        subscriber.send({ invocationId, ...invocation });
      } catch (err) {
        settle({ failed: `the invocation could not be sent: ${(err as Error).message}` });
      }
    });
  }
}
