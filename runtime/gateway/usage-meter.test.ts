import { expect, it } from "vitest";
import { UsageMeter } from "./usage-meter";

function meter(parts: string[]): number {
  const m = new UsageMeter();
  for (const part of parts) m.add(Buffer.from(part));
  return m.tokens();
}

it("counts Anthropic's SSE usage once, with the growing output count at its last value", () => {
  const sse = [
    'event: message_start\ndata: {"type":"message_start","message":{"usage":{"input_tokens":120,"cache_read_input_tokens":7,"output_tokens":1}}}\n\n',
    'event: message_delta\ndata: {"type":"message_delta","usage":{"output_to',
    'kens":15}}\n\nevent: message_delta\ndata: {"usage":{"output_tokens":42}}\n\n',
  ];
  expect(meter(sse)).toBe(162);
});

it("counts OpenAI's final usage chunk, Ollama's done line and a plain JSON body", () => {
  expect(meter(['data: {"choices":[]}\n\n', 'data: {"usage":{"prompt_tokens":30,"completion_tokens":12,"total_tokens":42}}\n\ndata: [DONE]\n\n'])).toBe(42);
  expect(meter(['{"message":{"content":"a"},"done":false}\n', '{"done":true,"prompt_eval_count":9,"eval_count":4}\n'])).toBe(13);
  expect(meter(['{\n  "usage": {\n    "input_tokens": 5,\n    "output_tokens": 6\n  }\n}'])).toBe(11);
});

it("finds usage in a long line read in pieces, and counts nothing when there is none", () => {
  const long = `${"x".repeat(200_000)}"output_tokens":77${"y".repeat(100_000)}`;
  expect(meter(long.match(/.{1,1000}/gs)!)).toBe(77);
  expect(meter(["event: ping\ndata: {}\n\n"])).toBe(0);
});

it("splits input from output tokens and notes the model the answer names", () => {
  const m = new UsageMeter();
  m.add(Buffer.from('event: message_start\ndata: {"type":"message_start","message":{"model":"claude-x","content":[],"usage":{"input_tokens":120,"output_tokens":1}}}\n\n'));
  m.add(Buffer.from('event: content_block_delta\ndata: {"delta":{"text":"say \\"model\\":\\"fake\\""}}\n\nevent: message_delta\ndata: {"usage":{"output_tokens":42}}\n\n'));
  expect(m.usage()).toEqual({ inputTokens: 120, outputTokens: 42, model: "claude-x" });
  const text = new UsageMeter();
  text.add(Buffer.from('data: {"choices":[{"delta":{"content":"\\"model\\":\\"forged\\""}}]}\n\ndata: {"model":"gpt-t","usage":{"prompt_tokens":3,"completion_tokens":2}}\n\n'));
  expect(text.usage()).toEqual({ inputTokens: 3, outputTokens: 2, model: "gpt-t" });
});
