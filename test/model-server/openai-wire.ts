// OpenAI Chat Completions streaming, as documented at
// https://platform.openai.com/docs/api-reference/chat-streaming (chunk objects, tool_call
// deltas by index, and the final usage chunk with empty choices when
// stream_options.include_usage is set), ended by `data: [DONE]`. Reasoning streams as
// DeepSeek documents it (https://api-docs.deepseek.com/guides/reasoning_model): deltas with
// `reasoning_content` (and `content: null`) before the answer's `content`; OpenAI's own
// reasoning models send no reasoning text, so a script for them has none.
import type { ServerResponse } from "node:http";
import type { ScriptedReply } from "./script";
import { WireWriter } from "./wire-writer";

type Reply = Extract<ScriptedReply, { kind: "reply" | "hang" }>;

/**
 * The Images API's answer (https://platform.openai.com/docs/api-reference/images/create):
 * `data[].b64_json` (gpt-image-1 always answers in base64) and its token usage.
 */
export function openAiImageBody(reply: Extract<ScriptedReply, { kind: "image" }>): unknown {
  return {
    created: Math.floor(Date.now() / 1000),
    data: [{ b64_json: reply.bytes.toString("base64"), ...(reply.revisedPrompt !== undefined ? { revised_prompt: reply.revisedPrompt } : {}) }],
    usage: { input_tokens: 20, output_tokens: 1056, total_tokens: 1076, input_tokens_details: { text_tokens: 20, image_tokens: 0 } },
  };
}

export async function writeOpenAiStream(res: ServerResponse, model: string, reply: Reply, ids: () => string, includeUsage: boolean): Promise<void> {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const w = new WireWriter(res, reply.kind === "reply" ? (reply.delayMs ?? 0) : 0);
  const id = `chatcmpl-${ids()}`;
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: unknown, finishReason: string | null = null) => ({
    id, object: "chat.completion.chunk", created, model, system_fingerprint: "fp_test",
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  });
  await w.data(chunk({ role: "assistant", content: "", refusal: null }));
  if (reply.kind === "reply") for (const piece of reply.reasoning ?? []) await w.data(chunk({ content: null, reasoning_content: piece }));
  for (const piece of reply.text ?? []) await w.data(chunk({ content: piece }));
  if (reply.kind === "hang") return;
  const calls = reply.toolCalls ?? [];
  for (const [index, call] of calls.entries()) {
    await w.data(chunk({ tool_calls: [{ index, id: call.id ?? `call_${ids()}`, type: "function", function: { name: call.name, arguments: "" } }] }));
    const json = JSON.stringify(call.args);
    const cut = Math.ceil(json.length / 2);
    for (const part of [json.slice(0, cut), json.slice(cut)]) {
      await w.data(chunk({ tool_calls: [{ index, function: { arguments: part } }] }));
    }
  }
  await w.data(chunk({}, calls.length > 0 ? "tool_calls" : reply.stop === "length" ? "length" : "stop"));
  if (includeUsage) {
    const usage = reply.usage ?? { input: 10, output: 5 };
    await w.data({
      id, object: "chat.completion.chunk", created, model, system_fingerprint: "fp_test", choices: [],
      usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output },
    });
  }
  await w.data("[DONE]");
  res.end();
}

/** OpenAI's error body: `{"error":{"message":…,"type":…,"param":null,"code":…}}`. */
export function openAiErrorBody(status: number, message: string): unknown {
  const type = status === 401 ? "invalid_request_error" : status === 429 ? "rate_limit_exceeded" : status >= 500 ? "server_error" : "invalid_request_error";
  const code = status === 401 ? "invalid_api_key" : status === 429 ? "rate_limit_exceeded" : null;
  return { error: { message, type, param: null, code } };
}
