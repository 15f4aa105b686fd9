// Anthropic Messages API streaming, as documented at
// https://docs.anthropic.com/en/api/messages-streaming (event names and payload shapes).
import type { ServerResponse } from "node:http";
import type { ScriptedReply } from "./script";
import { WireWriter } from "./wire-writer";

type Reply = Extract<ScriptedReply, { kind: "reply" | "hang" }>;

export async function writeAnthropicStream(res: ServerResponse, model: string, reply: Reply, ids: () => string): Promise<void> {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", "request-id": `req_${ids()}` });
  const w = new WireWriter(res, reply.kind === "reply" ? (reply.delayMs ?? 0) : 0);
  const usage = reply.kind === "reply" ? (reply.usage ?? { input: 10, output: 5 }) : { input: 10, output: 5 };
  await w.event("message_start", {
    type: "message_start",
    message: {
      id: `msg_${ids()}`, type: "message", role: "assistant", content: [], model,
      stop_reason: null, stop_sequence: null,
      usage: { input_tokens: usage.input, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    },
  });
  await w.event("ping", { type: "ping" });
  let index = 0;
  if (reply.kind === "reply" && reply.reasoning?.length) {
    await w.event("content_block_start", { type: "content_block_start", index, content_block: { type: "thinking", thinking: "", signature: "" } });
    for (const piece of reply.reasoning) {
      await w.event("content_block_delta", { type: "content_block_delta", index, delta: { type: "thinking_delta", thinking: piece } });
    }
    await w.event("content_block_delta", { type: "content_block_delta", index, delta: { type: "signature_delta", signature: `sig_${ids()}` } });
    await w.event("content_block_stop", { type: "content_block_stop", index });
    index += 1;
  }
  if (reply.text?.length) {
    await w.event("content_block_start", { type: "content_block_start", index, content_block: { type: "text", text: "" } });
    for (const piece of reply.text) {
      await w.event("content_block_delta", { type: "content_block_delta", index, delta: { type: "text_delta", text: piece } });
    }
    if (reply.kind === "hang") return;
    await w.event("content_block_stop", { type: "content_block_stop", index });
    index += 1;
  }
  if (reply.kind === "hang") return;
  for (const call of reply.toolCalls ?? []) {
    await w.event("content_block_start", {
      type: "content_block_start", index,
      content_block: { type: "tool_use", id: call.id ?? `toolu_${ids()}`, name: call.name, input: {} },
    });
    // The input arrives as partial JSON strings; split it to exercise the accumulation.
    const json = JSON.stringify(call.args);
    const cut = Math.ceil(json.length / 2);
    for (const part of [json.slice(0, cut), json.slice(cut)]) {
      await w.event("content_block_delta", { type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: part } });
    }
    await w.event("content_block_stop", { type: "content_block_stop", index });
    index += 1;
  }
  const stopReason = reply.toolCalls?.length ? "tool_use" : reply.stop === "length" ? "max_tokens" : "end_turn";
  await w.event("message_delta", { type: "message_delta", delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: usage.output } });
  await w.event("message_stop", { type: "message_stop" });
  res.end();
}

/** Anthropic's error body: `{"type":"error","error":{"type":…,"message":…}}`. */
export function anthropicErrorBody(status: number, message: string): unknown {
  const type = status === 401 ? "authentication_error" : status === 403 ? "permission_error" : status === 429 ? "rate_limit_error"
    : status === 529 ? "overloaded_error" : status >= 500 ? "api_error" : "invalid_request_error";
  return { type: "error", error: { type, message } };
}
