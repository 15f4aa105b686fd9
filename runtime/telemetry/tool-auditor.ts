/**
 * Turns the chunks of a session's turns into audit entries, as the host sees them: a tool
 * call's start, the approval asked and answered, its result. Everything in a chunk comes from
 * the guest, so strings are cut to a bound length and the arguments are kept as a digest
 * unless full arguments are opted in.
 */
import { createHash } from "node:crypto";
import type { ConfirmationAuditEntry, ToolAuditEntry } from "../../common/audit";
import type { JsonObject, JsonValue, StreamChunk } from "../../common/chunks";

/** Longest string the log keeps of a field the guest controls. */
const MAX_FIELD = 512;

export function clip(text: string, max = MAX_FIELD): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** JSON with object keys sorted, so equal arguments always give the same digest. */
function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key]!)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

export function argsDigest(args: JsonObject): string {
  return `sha256:${createHash("sha256").update(canonicalJson(args)).digest("hex")}`;
}

const EXIT_CODE = /\nexit code: (\d+)$|^exit code: (\d+)$/;

interface OpenCall {
  name: string;
  args: JsonObject;
  startedAt: number;
  askedAt?: number;
  answeredAt?: number;
}

export interface ToolAuditorOptions {
  box: string;
  session: string;
  fullArguments: boolean;
  write: (entry: ToolAuditEntry | ConfirmationAuditEntry) => void;
  now?: () => number;
}

/** One per session; `observe` every chunk of its turns in order. */
export class ToolAuditor {
  private readonly calls = new Map<string, OpenCall>();
  /** requestId → toolCallId, for answers that do not name the call. */
  private readonly requests = new Map<string, { toolCallId: string; tool: string; askedAt: number }>();
  private readonly now: () => number;

  constructor(private readonly options: ToolAuditorOptions) {
    this.now = options.now ?? Date.now;
  }

  observe(chunk: StreamChunk): void {
    const now = this.now();
    switch (chunk.type) {
      case "tool-call":
        this.calls.set(chunk.toolCall.id, { name: chunk.toolCall.name, args: chunk.toolCall.args, startedAt: now });
        break;
      case "confirmation-request": {
        const { requestId, toolCallId, tool } = chunk.confirmationRequest;
        this.requests.set(requestId, { toolCallId, tool, askedAt: now });
        const call = this.calls.get(toolCallId);
        if (call) call.askedAt = now;
        break;
      }
      case "confirmation-resolved": {
        const { requestId, decision, reason } = chunk.confirmationResolved;
        const request = this.requests.get(requestId);
        if (!request) break;
        const call = this.calls.get(request.toolCallId);
        if (call) call.answeredAt = now;
        // Answers a person gave through this host are written by `answered`, with who gave them.
        if (reason !== "human") {
          this.writeAnswer(requestId, { answer: decision, by: clip(reason, 64) });
          this.requests.delete(requestId);
        }
        break;
      }
      case "tool-result":
        this.writeResult(chunk.toolResult, now);
        break;
      default:
        break;
    }
  }

  /** A person answered an approval through this host. */
  answered(requestId: string, answer: { answer: "allow" | "deny"; by: string; remember?: "once" | "session"; rule?: string }): void {
    this.writeAnswer(requestId, answer);
    this.requests.delete(requestId);
  }

  private writeAnswer(requestId: string, answer: { answer: "allow" | "deny"; by: string; remember?: "once" | "session"; rule?: string }): void {
    const request = this.requests.get(requestId);
    const now = this.now();
    this.options.write({
      event: "confirmation",
      time: new Date(now).toISOString(),
      box: this.options.box,
      session: this.options.session,
      requestId: clip(requestId, 128),
      toolCallId: clip(request?.toolCallId ?? "", 128),
      tool: clip(request?.tool ?? ""),
      ...answer,
      ...(answer.rule !== undefined ? { rule: clip(answer.rule) } : {}),
      waitMs: request ? now - request.askedAt : 0,
    });
  }

  private writeResult(result: Extract<StreamChunk, { type: "tool-result" }>["toolResult"], now: number): void {
    const call = this.calls.get(result.id);
    this.calls.delete(result.id);
    const args = call?.args ?? {};
    const decision = result.decision;
    const denied = decision?.decision === "deny";
    const exit = denied ? undefined : EXIT_CODE.exec(result.output);
    const startedAt = call?.answeredAt ?? call?.startedAt ?? now;
    this.options.write({
      event: "tool",
      time: new Date(now).toISOString(),
      box: this.options.box,
      session: this.options.session,
      toolCallId: clip(result.id, 128),
      tool: clip(result.name),
      argsDigest: argsDigest(args),
      ...(this.options.fullArguments ? { args } : {}),
      decision: decision?.decision === "allow" || decision?.decision === "deny" ? decision.decision : "unknown",
      decidedBy: clip(decision?.decidedBy ?? ""),
      ...(decision?.reason ? { reason: clip(decision.reason) } : {}),
      status: denied ? "denied" : result.isError ? "error" : "ok",
      ...(exit ? { exitCode: Number(exit[1] ?? exit[2]) } : {}),
      durationMs: now - startedAt,
      ...(call?.askedAt !== undefined && call.answeredAt !== undefined ? { approvalWaitMs: call.answeredAt - call.askedAt } : {}),
      bytesOut: Buffer.byteLength(result.output),
    });
  }
}
