import { Ollama, type ChatResponse, type Message } from "ollama";
import { A3sError, ErrorCodes } from "../../../common/errors";
import type { SessionMessage } from "../session/session-record";
import type { ModelEvent, ModelProvider, ModelRequest } from "./model-provider";
import { providerHttpError, providerNetworkError } from "./provider-error";

/** Ollama's native /api/chat through the `ollama` library: NDJSON streaming, tools, JSON Schema `format`. */
export class OllamaProvider implements ModelProvider {
  readonly name = "ollama";

  constructor(private readonly host: string) {}

  async *stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ModelEvent> {
    // One client per request, so the caller's signal also aborts the request before it answers.
    const client = new Ollama({
      host: this.host,
      fetch: (input, init) =>
        fetch(input, {
          ...init,
          ...(request.headers ? { headers: { ...Object.fromEntries(new Headers(init?.headers)), ...request.headers } } : {}),
          signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal,
        }),
    });
    let parts: AsyncIterable<ChatResponse> & { abort(): void };
    try {
      parts = await client.chat({
        model: request.model,
        messages: toOllamaMessages(request.system, request.messages),
        ...(request.tools.length > 0
          ? { tools: request.tools.map((t) => ({ type: "function", function: { name: t.name, description: t.description, parameters: t.parameters as never } })) }
          : {}),
        ...(request.jsonSchema ? { format: request.jsonSchema } : {}),
        ...(request.thinking ? { think: true } : {}),
        options: { num_ctx: request.contextWindow },
        stream: true,
      });
    } catch (err) {
      throw this.toA3sError(err, signal);
    }
    const onAbort = () => parts.abort();
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      let callNumber = 0;
      let sawToolCalls = false;
      for await (const part of parts) {
        if (part.message.thinking) yield { type: "reasoning-delta", text: part.message.thinking };
        if (part.message.content) yield { type: "text-delta", text: part.message.content };
        for (const call of part.message.tool_calls ?? []) {
          sawToolCalls = true;
          yield { type: "tool-call", call: { id: `ollama_call_${++callNumber}`, name: call.function.name, args: call.function.arguments } };
        }
        if (part.done) {
          const reason = sawToolCalls ? "tool-calls" : part.done_reason === "length" ? "length" : "stop";
          yield { type: "finish", reason, usage: { inputTokens: part.prompt_eval_count ?? 0, outputTokens: part.eval_count ?? 0 }, ...(part.model ? { model: part.model } : {}) };
          return;
        }
      }
      throw new A3sError(ErrorCodes.PROVIDER_ERROR, "the ollama stream ended before its done line");
    } catch (err) {
      throw this.toA3sError(err, signal);
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
  }

  private toA3sError(err: unknown, signal: AbortSignal): unknown {
    if (A3sError.is(err)) return err;
    if (signal.aborted) return new A3sError(ErrorCodes.CANCELLED, "the model request was cancelled");
    const status = (err as { status_code?: unknown }).status_code;
    if (typeof status === "number") return providerHttpError(this.name, status, (err as Error).message);
    if (err instanceof TypeError) return providerNetworkError(this.name, this.host, err);
    return err;
  }
}

function toOllamaMessages(system: string | undefined, messages: SessionMessage[]): Message[] {
  const out: Message[] = system ? [{ role: "system", content: system }] : [];
  for (const m of messages) {
    if (m.role === "user") out.push({ role: "user", content: m.text });
    else if (m.role === "assistant") {
      out.push({
        role: "assistant",
        content: m.text,
        ...(m.toolCalls.length > 0 ? { tool_calls: m.toolCalls.map((c) => ({ function: { name: c.name, arguments: c.args } })) } : {}),
      });
    } else for (const r of m.toolResults) out.push({ role: "tool", content: r.isError ? `Error: ${r.output}` : r.output, tool_name: r.name });
  }
  return out;
}
