/**
 * A session's conversation as the UI shows it, and the one function that folds stream
 * chunks into it. The host keeps (and persists) a transcript per session; the renderer
 * folds the same chunks live, so both always agree.
 */
import type { JsonObject, StreamChunk, ToolDecision } from "./chunks";

export type ToolStatus = "running" | "awaiting-approval" | "done" | "error" | "denied" | "cancelled";

export type TranscriptItem =
  | { kind: "user"; id: string; text: string }
  | { kind: "assistant"; id: string; text: string }
  | { kind: "reasoning"; id: string; text: string }
  | {
      kind: "tool";
      /** The tool call's id. */
      id: string;
      name: string;
      args: JsonObject;
      status: ToolStatus;
      output: string;
      decision?: ToolDecision;
      approvalRequestId?: string;
    }
  | { kind: "error"; id: string; code: string; message: string }
  | { kind: "notice"; id: string; text: string };

type ToolItem = Extract<TranscriptItem, { kind: "tool" }>;

function nextId(items: readonly TranscriptItem[], prefix: string): string {
  return `${prefix}-${items.length}`;
}

function updateTool(
  items: readonly TranscriptItem[],
  match: (item: ToolItem) => boolean,
  change: (item: ToolItem) => ToolItem,
): TranscriptItem[] | undefined {
  const index = items.findLastIndex((item) => item.kind === "tool" && match(item));
  if (index < 0) return undefined;
  const copy = items.slice();
  copy[index] = change(items[index] as ToolItem);
  return copy;
}

function appendText(items: readonly TranscriptItem[], kind: "assistant" | "reasoning", text: string): TranscriptItem[] {
  const last = items.at(-1);
  if (last?.kind === kind) return [...items.slice(0, -1), { ...last, text: last.text + text }];
  return [...items, { kind, id: nextId(items, kind), text }];
}

/** Returns a new transcript with the chunk applied; the input is never modified. */
export function applyChunk(items: readonly TranscriptItem[], chunk: StreamChunk): TranscriptItem[] {
  switch (chunk.type) {
    case "text-delta":
      return appendText(items, "assistant", chunk.textDelta);
    case "reasoning-delta":
      return appendText(items, "reasoning", chunk.reasoningDelta);
    case "tool-call": {
      const { id, name, args } = chunk.toolCall;
      return [...items, { kind: "tool", id, name, args, status: "running", output: "" }];
    }
    case "confirmation-request": {
      const request = chunk.confirmationRequest;
      const awaiting = (item: ToolItem): ToolItem => ({ ...item, status: "awaiting-approval", approvalRequestId: request.requestId });
      return (
        updateTool(items, (item) => item.id === request.toolCallId, awaiting) ?? [
          ...items,
          awaiting({ kind: "tool", id: request.toolCallId, name: request.tool, args: request.args, status: "running", output: "" }),
        ]
      );
    }
    case "confirmation-resolved": {
      const { requestId, decision } = chunk.confirmationResolved;
      return (
        updateTool(items, (item) => item.approvalRequestId === requestId, (item) => ({
          ...item,
          status: decision === "allow" ? "running" : "denied",
        })) ?? items.slice()
      );
    }
    case "tool-result": {
      const result = chunk.toolResult;
      const status = result.decision?.decision === "deny" ? "denied" : result.isError ? "error" : "done";
      const finished = (item: ToolItem): ToolItem => ({
        ...item,
        status,
        output: result.output,
        ...(result.decision ? { decision: result.decision } : {}),
      });
      return (
        updateTool(items, (item) => item.id === result.id, finished) ?? [
          ...items,
          finished({ kind: "tool", id: result.id, name: result.name, args: {}, status, output: "" }),
        ]
      );
    }
    case "finish": {
      const settled = items.map((item) =>
        item.kind === "tool" && (item.status === "running" || item.status === "awaiting-approval")
          ? { ...item, status: "cancelled" as const }
          : item,
      );
      if (chunk.finish.finishReason === "cancelled") return [...settled, { kind: "notice", id: nextId(items, "notice"), text: "Stopped." }];
      if (chunk.finish.finishReason === "budget") {
        return [...settled, { kind: "notice", id: nextId(items, "notice"), text: "Stopped: this box's model budget is spent." }];
      }
      if (chunk.finish.finishReason === "max-steps") {
        return [...settled, { kind: "notice", id: nextId(items, "notice"), text: "Stopped at the step limit." }];
      }
      return settled;
    }
    case "error":
      return [...items, { kind: "error", id: nextId(items, "error"), code: chunk.error.code, message: chunk.error.message }];
  }
}

export function userItem(items: readonly TranscriptItem[], text: string): TranscriptItem {
  return { kind: "user", id: nextId(items, "user"), text };
}
