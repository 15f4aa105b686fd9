import { describe, expect, it } from "vitest";
import { chunkFromWire, chunkToWire, type StreamChunk } from "./chunks";
import type { Chunk__Output } from "./generated/a3s/box/v1/Chunk";

// What proto-loader hands a receiver: the set oneof member plus the `chunk` discriminator.
function overTheWire(chunk: StreamChunk): Chunk__Output {
  const wire = chunkToWire(chunk) as Record<string, unknown>;
  const [kind] = Object.keys(wire);
  return { ...wire, chunk: kind } as Chunk__Output;
}

describe("stream chunks", () => {
  const samples: StreamChunk[] = [
    { type: "text-delta", textDelta: "hel" },
    { type: "tool-call", toolCall: { id: "c1", name: "bash", args: { command: "ls -la" } } },
    {
      type: "tool-result",
      toolResult: { id: "c1", name: "bash", output: "ok", isError: false, decision: { decision: "allow", decidedBy: "human" } },
    },
    {
      type: "confirmation-request",
      confirmationRequest: {
        requestId: "r1", tool: "write", args: { file_path: "a.txt", content: "x" }, reason: "policy: ask write",
        toolCallId: "c2", diff: { path: "a.txt", before: "", after: "x", isNewFile: true },
      },
    },
    { type: "confirmation-resolved", confirmationResolved: { requestId: "r1", decision: "deny", reason: "timeout" } },
    { type: "finish", finish: { usage: { inputTokens: 12, outputTokens: 3 }, finishReason: "stop" } },
    { type: "error", error: { code: "PROVIDER_AUTH", message: "invalid x-api-key" } },
  ];

  it.each(samples)("$type survives the wire", (chunk) => {
    expect(chunkFromWire(overTheWire(chunk))).toEqual(chunk);
  });

  it("keeps both access styles of the seed SDK", () => {
    const chunk = chunkFromWire(overTheWire({ type: "text-delta", textDelta: "hi" }));
    expect(chunk.type).toBe("text-delta");
    expect("textDelta" in chunk && chunk.textDelta).toBe("hi");
  });
});
