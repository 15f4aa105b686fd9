/**
 * Human-in-the-loop: a tool call that policy or a hook marks "ask" waits here until the
 * host answers with RespondToConfirmation, the session's confirmation timeout passes
 * (deny), or the turn is cancelled (withdrawn, deny).
 */
import { randomUUID } from "node:crypto";
import type { ConfirmationRequest, StreamChunk } from "../../../common/chunks";
import { A3sError, ErrorCodes } from "../../../common/errors";
import type { ConfirmationAnswer } from "../../../common/session";

export const DEFAULT_CONFIRMATION_TIMEOUT_MS = 600_000;

export interface ConfirmationOutcome {
  decision: "allow" | "deny";
  /** "human", "timeout" or "cancelled". */
  decidedBy: "human" | "timeout" | "cancelled";
  remember: "once" | "session";
  reason: string;
}

export interface AskOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Sends the request and resolution chunks into the turn's stream. */
  emit: (chunk: StreamChunk) => void;
}

interface Pending {
  sessionId: string;
  settle: (outcome: ConfirmationOutcome) => void;
}

export class ConfirmationBroker {
  private readonly pending = new Map<string, Pending>();

  ask(sessionId: string, request: Omit<ConfirmationRequest, "requestId">, options: AskOptions): Promise<ConfirmationOutcome> {
    const requestId = randomUUID();
    return new Promise((resolve) => {
      const settle = (outcome: ConfirmationOutcome) => {
        if (!this.pending.delete(requestId)) return;
        clearTimeout(timer);
        options.signal?.removeEventListener("abort", onAbort);
        options.emit({ type: "confirmation-resolved", confirmationResolved: { requestId, decision: outcome.decision, reason: outcome.decidedBy } });
        resolve(outcome);
      };
      const onAbort = () => settle({ decision: "deny", decidedBy: "cancelled", remember: "once", reason: "the turn was cancelled before anyone answered" });
      const timer = setTimeout(
        () => settle({ decision: "deny", decidedBy: "timeout", remember: "once", reason: `no answer within ${formatMs(options.timeoutMs)}, so the call was denied` }),
        options.timeoutMs,
      );
      this.pending.set(requestId, { sessionId, settle });
      options.emit({ type: "confirmation-request", confirmationRequest: { requestId, ...request } });
      if (options.signal?.aborted) onAbort();
      else options.signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  respond(sessionId: string, requestId: string, answer: ConfirmationAnswer): void {
    const pending = this.pending.get(requestId);
    if (!pending || pending.sessionId !== sessionId) {
      throw new A3sError(ErrorCodes.NOT_FOUND, `no pending confirmation request ${requestId} in session ${sessionId} (already answered, timed out or withdrawn)`);
    }
    if (answer.decision !== "allow" && answer.decision !== "deny") {
      throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `invalid confirmation decision "${String(answer.decision)}": expected allow or deny`);
    }
    const remember = answer.remember || "once";
    if (remember !== "once" && remember !== "session") {
      throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `invalid confirmation remember "${String(remember)}": expected once or session`);
    }
    const reason = answer.message
      ? `the user answered ${answer.decision}: ${answer.message}`
      : `the user answered ${answer.decision}`;
    pending.settle({ decision: answer.decision, decidedBy: "human", remember, reason });
  }
}

function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
