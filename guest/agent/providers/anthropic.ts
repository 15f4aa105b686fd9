import Anthropic, { APIConnectionError, APIError, APIUserAbortError } from "@anthropic-ai/sdk";
import type { ContentBlockParam, MessageParam, RawMessageStreamEvent } from "@anthropic-ai/sdk/resources/messages";
import { A3sError, ErrorCodes } from "../../../common/errors";
import type { SessionMessage, ThinkingBlock } from "../session/session-record";
import { refuseIfCannotThink } from "./thinking";
import type { ModelEvent, ModelFinishReason, ModelProvider, ModelRequest } from "./model-provider";
import { sdkErrorToA3s } from "./provider-error";

const MAX_TOKENS = 8192;
const THINKING_BUDGET = 4096;

export interface AnthropicSettings {
  apiKey?: string;
  /** The SDK's convention: no /v1 at the end. */
  baseUrl: string;
}

/** Anthropic's Messages API through the vendor SDK, streaming, with tool use. */
export class AnthropicProvider implements ModelProvider {
  readonly name = "anthropic";
  private readonly client: Anthropic;
  private readonly baseUrl: string;

  constructor(settings: AnthropicSettings) {
    this.baseUrl = settings.baseUrl;
    // Without a key (a gateway in front adds it) the request goes out with no credentials at all.
    this.client = new Anthropic({
      baseURL: this.baseUrl,
      maxRetries: 0,
      // The agent's own `chat` span (guest/agent/telemetry) stands for the request and sends its
      // trace context; the SDK's span would repeat it, with the URL that holds the gateway's token.
      openTelemetry: { traces: false, propagation: false },
      ...(settings.apiKey ? { apiKey: settings.apiKey } : { apiKey: null, authToken: null, defaultHeaders: { "X-Api-Key": null, Authorization: null } }),
    });
  }

  async *stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ModelEvent> {
    refuseIfCannotThink(this.name, request);
    let events: AsyncIterable<RawMessageStreamEvent>;
    try {
      events = await this.client.messages.create(
        {
          model: request.model,
          max_tokens: request.thinking ? MAX_TOKENS + THINKING_BUDGET : MAX_TOKENS,
          ...(request.system ? { system: request.system } : {}),
          messages: toAnthropicMessages(request.messages),
          ...(request.tools.length > 0
            ? {
                tools: request.tools.map((t) => ({
                  name: t.name,
                  description: t.description,
                  input_schema: t.parameters as Anthropic.Tool.InputSchema,
                })),
              }
            : {}),
          ...(request.thinking ? { thinking: { type: "enabled" as const, budget_tokens: THINKING_BUDGET } } : {}),
          stream: true,
        },
        { signal, ...(request.headers ? { headers: request.headers } : {}) },
      );
    } catch (err) {
      throw this.toA3sError(err);
    }
    try {
      yield* translate(events);
    } catch (err) {
      throw this.toA3sError(err);
    }
  }

  private toA3sError(err: unknown): unknown {
    return sdkErrorToA3s(this.name, this.baseUrl, err, { abort: APIUserAbortError, connection: APIConnectionError, api: APIError }, (body) => (body as { error?: { message?: string } } | undefined)?.error?.message);
  }

}

async function* translate(events: AsyncIterable<RawMessageStreamEvent>): AsyncIterable<ModelEvent> {
  let inputTokens = 0;
  let outputTokens = 0;
  let stopReason: string | null = null;
  let stopped = false;
  let model: string | undefined;
  const blocks = new Map<number, { kind: "text" } | { kind: "tool"; id: string; name: string; json: string } | { kind: "thinking"; text: string; signature: string }>();
  for await (const event of events) {
    switch (event.type) {
      case "message_start":
        model = event.message.model;
        inputTokens = event.message.usage.input_tokens + (event.message.usage.cache_read_input_tokens ?? 0) + (event.message.usage.cache_creation_input_tokens ?? 0);
        outputTokens = event.message.usage.output_tokens;
        break;
      case "content_block_start": {
        const block = event.content_block;
        if (block.type === "tool_use") blocks.set(event.index, { kind: "tool", id: block.id, name: block.name, json: "" });
        else if (block.type === "thinking") blocks.set(event.index, { kind: "thinking", text: block.thinking, signature: block.signature });
        else blocks.set(event.index, { kind: "text" });
        if (block.type === "text" && block.text) yield { type: "text-delta", text: block.text };
        break;
      }
      case "content_block_delta": {
        const block = blocks.get(event.index);
        const delta = event.delta;
        if (delta.type === "text_delta") yield { type: "text-delta", text: delta.text };
        else if (delta.type === "input_json_delta" && block?.kind === "tool") block.json += delta.partial_json;
        else if (delta.type === "thinking_delta" && block?.kind === "thinking") {
          block.text += delta.thinking;
          yield { type: "reasoning-delta", text: delta.thinking };
        } else if (delta.type === "signature_delta" && block?.kind === "thinking") block.signature += delta.signature;
        break;
      }
      case "content_block_stop": {
        const block = blocks.get(event.index);
        if (block?.kind === "tool") yield { type: "tool-call", call: { id: block.id, name: block.name, args: parseToolInput(block.json) } };
        if (block?.kind === "thinking") yield { type: "thinking-block", block: { thinking: block.text, signature: block.signature } };
        break;
      }
      case "message_delta":
        stopReason = event.delta.stop_reason ?? stopReason;
        outputTokens = event.usage.output_tokens;
        if (event.usage.input_tokens != null) inputTokens = event.usage.input_tokens;
        break;
      case "message_stop":
        stopped = true;
        break;
    }
  }
  if (!stopped) throw new A3sError(ErrorCodes.PROVIDER_ERROR, "the anthropic stream ended before message_stop");
  yield { type: "finish", reason: finishReason(stopReason), usage: { inputTokens, outputTokens }, ...(model ? { model } : {}) };
}

function finishReason(stopReason: string | null): ModelFinishReason {
  if (stopReason === "tool_use") return "tool-calls";
  if (stopReason === "max_tokens") return "length";
  return "stop";
}

function parseToolInput(json: string): Record<string, never> {
  if (json.trim() === "") return {};
  try {
    return JSON.parse(json) as Record<string, never>;
  } catch {
    throw new A3sError(ErrorCodes.PROVIDER_ERROR, `anthropic sent tool input that is not valid JSON: ${json.slice(0, 200)}`);
  }
}

function toAnthropicMessages(messages: SessionMessage[]): MessageParam[] {
  return messages.map((m): MessageParam => {
    switch (m.role) {
      case "user":
        return { role: "user", content: m.text };
      case "assistant": {
        const content: ContentBlockParam[] = [
          ...(m.thinking ?? []).map((t: ThinkingBlock) => ({ type: "thinking" as const, thinking: t.thinking, signature: t.signature })),
          ...(m.text ? [{ type: "text" as const, text: m.text }] : []),
          ...m.toolCalls.map((c) => ({ type: "tool_use" as const, id: c.id, name: c.name, input: c.args })),
        ];
        return { role: "assistant", content: content.length > 0 ? content : [{ type: "text", text: "(no answer)" }] };
      }
      case "tool":
        return {
          role: "user",
          content: m.toolResults.map((r) => ({ type: "tool_result" as const, tool_use_id: r.id, content: r.output, is_error: r.isError })),
        };
    }
  });
}
