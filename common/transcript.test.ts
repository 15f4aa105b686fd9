import { describe, expect, it } from "vitest";
import { applyChunk, userItem, type TranscriptItem } from "./transcript";
import type { StreamChunk } from "./chunks";

const fold = (chunks: StreamChunk[], start: TranscriptItem[] = []) => chunks.reduce(applyChunk, start);
const finish = (finishReason: "stop" | "cancelled" = "stop"): StreamChunk => ({ type: "finish", finish: { usage: { inputTokens: 1, outputTokens: 1 }, finishReason } });

describe("applyChunk", () => {
  it("joins text deltas into one assistant message and never mutates its input", () => {
    const start: TranscriptItem[] = [userItem([], "hi")];
    const frozen = structuredClone(start);
    const items = fold([{ type: "text-delta", textDelta: "Hel" }, { type: "text-delta", textDelta: "lo" }, finish()], start);
    expect(items).toEqual([start[0], { kind: "assistant", id: "assistant-1", text: "Hello" }]);
    expect(start).toEqual(frozen);
  });

  it("follows a tool call through approval to its result", () => {
    const items = fold([
      { type: "tool-call", toolCall: { id: "c1", name: "write", args: { file_path: "a.txt", content: "x" } } },
      { type: "confirmation-request", confirmationRequest: { requestId: "r1", tool: "write", args: {}, reason: "policy asks", toolCallId: "c1" } },
    ]);
    expect(items[0]).toMatchObject({ kind: "tool", status: "awaiting-approval", approvalRequestId: "r1" });
    const allowed = fold([
      { type: "confirmation-resolved", confirmationResolved: { requestId: "r1", decision: "allow", reason: "human" } },
      { type: "tool-result", toolResult: { id: "c1", name: "write", output: "wrote a.txt", isError: false, decision: { decision: "allow", decidedBy: "human" } } },
    ], items);
    expect(allowed).toEqual([
      expect.objectContaining({ kind: "tool", id: "c1", status: "done", output: "wrote a.txt", decision: { decision: "allow", decidedBy: "human" } }),
    ]);
  });

  it("marks a denied call as denied, not failed", () => {
    const items = fold([
      { type: "tool-call", toolCall: { id: "c1", name: "bash", args: { command: "rm -rf x" } } },
      { type: "tool-result", toolResult: { id: "c1", name: "bash", output: "denied by the user", isError: true, decision: { decision: "deny", decidedBy: "human" } } },
    ]);
    expect(items[0]).toMatchObject({ status: "denied" });
  });

  it("settles unfinished tool cards and notes a stop when the turn is cancelled", () => {
    const items = fold([{ type: "tool-call", toolCall: { id: "c1", name: "bash", args: {} } }, finish("cancelled")]);
    expect(items).toEqual([expect.objectContaining({ status: "cancelled" }), { kind: "notice", id: "notice-1", text: "Stopped." }]);
  });

  it("keeps errors as their own items", () => {
    const items = fold([{ type: "error", error: { code: "PROVIDER_AUTH", message: "bad key" } }]);
    expect(items).toEqual([{ kind: "error", id: "error-0", code: "PROVIDER_AUTH", message: "bad key" }]);
  });
});
