import OpenAI, { APIConnectionError, APIError, APIUserAbortError } from "openai";
import type { ChatCompletionChunk, ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { A3sError, ErrorCodes } from "../../../common/errors";
import type { SessionMessage } from "../session/session-record";
import type { ModelEvent, ModelFinishReason, ModelProvider, ModelRequest } from "./model-provider";
import { sdkErrorToA3s } from "./provider-error";
import { openAiThinkingFields, refuseIfCannotThink } from "./thinking";

export interface OpenAiSettings {
  /** openai, deepseek, groq, together: all speak Chat Completions. */
  name: string;
  apiKey?: string;
  /** Ends in /v1 (or the vendor's equivalent). */
  baseUrl: string;
}

/** OpenAI Chat Completions (and compatible services) through the vendor SDK, streaming, with tool calls. */
export class OpenAiProvider implements ModelProvider {
  readonly name: string;
  private readonly client: OpenAI;
  private readonly baseUrl: string;

  constructor(settings: OpenAiSettings) {
    this.name = settings.name;
    this.baseUrl = settings.baseUrl;
    this.client = new OpenAI({
      baseURL: settings.baseUrl,
      maxRetries: 0,
      // The SDK insists on a key. Without one (a gateway in front adds it) the header is
      // removed, so the request carries no credentials at all.
      ...(settings.apiKey ? { apiKey: settings.apiKey } : { apiKey: "unused", defaultHeaders: { Authorization: null } }),
    });
  }

  async *stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ModelEvent> {
    refuseIfCannotThink(this.name, request);
    let chunks: AsyncIterable<ChatCompletionChunk>;
    try {
      chunks = await this.client.chat.completions.create(
        {
          model: request.model,
          messages: toOpenAiMessages(request.system, request.messages),
          ...(request.tools.length > 0
            ? { tools: request.tools.map((t) => ({ type: "function" as const, function: { name: t.name, description: t.description, parameters: t.parameters } })) }
            : {}),
          ...(request.jsonSchema ? { response_format: { type: "json_object" as const } } : {}),
          stream: true,
          stream_options: { include_usage: true },
          ...openAiThinkingFields(this.name, request),
        },
        { signal, ...(request.headers ? { headers: request.headers } : {}) },
      );
    } catch (err) {
      throw this.toA3sError(err);
    }
    try {
      yield* translate(chunks, this.name);
    } catch (err) {
      throw this.toA3sError(err);
    }
  }

  private toA3sError(err: unknown): unknown {
    return sdkErrorToA3s(this.name, this.baseUrl, err, { abort: APIUserAbortError, connection: APIConnectionError, api: APIError }, (body) => (body as { message?: string } | undefined)?.message);
  }

}

async function* translate(chunks: AsyncIterable<ChatCompletionChunk>, provider: string): AsyncIterable<ModelEvent> {
  const calls = new Map<number, { id: string; name: string; args: string }>();
  let reason: ModelFinishReason | undefined;
  let usage = { inputTokens: 0, outputTokens: 0 };
  let model: string | undefined;
  for await (const chunk of chunks) {
    if (chunk.model) model = chunk.model;
    if (chunk.usage) usage = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
    for (const choice of chunk.choices) {
      const delta = choice.delta;
      const reasoning = (delta as { reasoning_content?: string | null }).reasoning_content;
      if (reasoning) yield { type: "reasoning-delta", text: reasoning };
      if (delta.content) yield { type: "text-delta", text: delta.content };
      for (const part of delta.tool_calls ?? []) {
        const call = calls.get(part.index) ?? { id: "", name: "", args: "" };
        if (part.id) call.id = part.id;
        if (part.function?.name) call.name += part.function.name;
        if (part.function?.arguments) call.args += part.function.arguments;
        calls.set(part.index, call);
      }
      if (choice.finish_reason) reason = choice.finish_reason === "tool_calls" ? "tool-calls" : choice.finish_reason === "length" ? "length" : "stop";
    }
  }
  for (const [, call] of [...calls].sort(([a], [b]) => a - b)) {
    yield { type: "tool-call", call: { id: call.id, name: call.name, args: parseArguments(call.args, provider) } };
  }
  if (reason === undefined) throw new A3sError(ErrorCodes.PROVIDER_ERROR, `the ${provider} stream ended without a finish_reason`);
  if (calls.size > 0) reason = "tool-calls";
  yield { type: "finish", reason, usage, ...(model ? { model } : {}) };
}

function parseArguments(json: string, provider: string): Record<string, never> {
  if (json.trim() === "") return {};
  try {
    return JSON.parse(json) as Record<string, never>;
  } catch {
    throw new A3sError(ErrorCodes.PROVIDER_ERROR, `${provider} sent tool arguments that are not valid JSON: ${json.slice(0, 200)}`);
  }
}

function toOpenAiMessages(system: string | undefined, messages: SessionMessage[]): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = system ? [{ role: "system", content: system }] : [];
  for (const m of messages) {
    if (m.role === "user") out.push({ role: "user", content: m.text });
    else if (m.role === "assistant") {
      out.push({
        role: "assistant",
        content: m.text || null,
        ...(m.toolCalls.length > 0
          ? { tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: "function" as const, function: { name: c.name, arguments: JSON.stringify(c.args) } })) }
          : {}),
      });
    } else for (const r of m.toolResults) out.push({ role: "tool", tool_call_id: r.id, content: r.isError ? `Error: ${r.output}` : r.output });
  }
  return out;
}
