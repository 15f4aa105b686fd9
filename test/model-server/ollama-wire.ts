// Ollama's native chat API, as documented at
// https://github.com/ollama/ollama/blob/main/docs/api.md#generate-a-chat-completion:
// NDJSON lines of `{model, created_at, message, done}`, tool calls whole in
// `message.tool_calls` with object arguments, and a last line with `done: true`,
// `done_reason` and the token counts `prompt_eval_count` / `eval_count`.
import type { ServerResponse } from "node:http";
import type { ScriptedReply } from "./script";
import { WireWriter } from "./wire-writer";

type Reply = Extract<ScriptedReply, { kind: "reply" | "hang" }>;

export async function writeOllamaStream(res: ServerResponse, model: string, reply: Reply): Promise<void> {
  res.writeHead(200, { "content-type": "application/x-ndjson" });
  const w = new WireWriter(res, reply.kind === "reply" ? (reply.delayMs ?? 0) : 0);
  const line = (message: Record<string, unknown>) => ({ model, created_at: new Date().toISOString(), message: { role: "assistant", content: "", ...message }, done: false });
  if (reply.kind === "reply") for (const piece of reply.reasoning ?? []) await w.line(line({ thinking: piece }));
  for (const piece of reply.text ?? []) await w.line(line({ content: piece }));
  if (reply.kind === "hang") return;
  if (reply.toolCalls?.length) {
    await w.line(line({ tool_calls: reply.toolCalls.map((c) => ({ function: { name: c.name, arguments: c.args } })) }));
  }
  const usage = reply.usage ?? { input: 10, output: 5 };
  await w.line({
    model, created_at: new Date().toISOString(), message: { role: "assistant", content: "" },
    done: true, done_reason: reply.stop === "length" ? "length" : "stop",
    total_duration: 1_000_000, load_duration: 100_000, prompt_eval_count: usage.input, prompt_eval_duration: 200_000,
    eval_count: usage.output, eval_duration: 700_000,
  });
  res.end();
}
