/** What the test model server answers to one request, whatever the provider's wire format. */
export type ScriptedReply =
  | {
      kind: "reply";
      /** Text deltas, streamed in order. */
      text?: string[];
      /** Reasoning deltas, streamed before the text. */
      reasoning?: string[];
      toolCalls?: Array<{ name: string; args: Record<string, unknown>; id?: string }>;
      usage?: { input: number; output: number };
      /** Pause between streamed events. */
      delayMs?: number;
      /** Stop reason: "stop" (default; "tool" when there are tool calls) or "length". */
      stop?: "stop" | "length";
    }
  | { kind: "error"; status: number; message: string; retryAfter?: string }
  /** Streams `text` and then keeps the stream open until the client goes away. */
  | { kind: "hang"; text?: string[] }
  /** An Images API answer (`POST /v1/images/generations`): the image as `b64_json`, with the usage gpt-image-1 reports. */
  | { kind: "image"; bytes: Buffer; revisedPrompt?: string };

export const reply = (text: string | string[], extra: Omit<Extract<ScriptedReply, { kind: "reply" }>, "kind" | "text"> = {}): ScriptedReply => ({
  kind: "reply",
  text: typeof text === "string" ? [text] : text,
  ...extra,
});

export const toolCalls = (
  calls: Array<{ name: string; args: Record<string, unknown> }>,
  extra: Omit<Extract<ScriptedReply, { kind: "reply" }>, "kind" | "toolCalls"> = {},
): ScriptedReply => ({ kind: "reply", toolCalls: calls, ...extra });

export const httpError = (status: number, message: string, retryAfter?: string): ScriptedReply => ({
  kind: "error",
  status,
  message,
  ...(retryAfter !== undefined ? { retryAfter } : {}),
});

export const image = (bytes: Buffer, revisedPrompt?: string): ScriptedReply => ({ kind: "image", bytes, ...(revisedPrompt !== undefined ? { revisedPrompt } : {}) });
