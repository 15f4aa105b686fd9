/**
 * The agent's spans, per the OpenTelemetry GenAI semantic conventions: `invoke_agent` per
 * turn, `chat {model}` per model request (its trace context sent along as `traceparent`, so
 * the gateway's span is its child), `execute_tool {name}` per tool call. Only the API is
 * used here; they are no-ops unless main.ts started the SDK.
 */
import { SpanKind, SpanStatusCode, context, propagation, trace, type Span } from "@opentelemetry/api";
import type { StreamChunk, ToolCall, ToolResult } from "../../../common/chunks";
import { A3sError } from "../../../common/errors";
import { activeTracing } from "../../../common/node/tracing";
import { CAPTURE_CONTENT_VAR, ERROR_TYPE, GenAi } from "../../../common/trace-attributes";
import type { ModelEvent, ModelProvider, ModelRequest } from "../providers/model-provider";

const tracer = trace.getTracer("a3s-box-agent");
export const AGENT_NAME = "a3s-box";
/** Arguments and results recorded on a span (only when opted in) are cut to this many characters. */
const MAX_CONTENT_CHARS = 8192;

function recordError(span: Span, err: unknown): void {
  const error = A3sError.from(err);
  span.setAttribute(ERROR_TYPE, error.code);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
}

/** Whether tool arguments and results go on spans: the standard opt-in, read when a call runs. */
function captureContent(): boolean {
  return process.env[CAPTURE_CONTENT_VAR]?.trim().toLowerCase() === "true";
}

/** The provider with a `chat {model}` CLIENT span around every request it streams. */
export function tracedProvider(provider: ModelProvider): ModelProvider {
  return { name: provider.name, stream: (request, signal) => tracedStream(provider, request, signal) };
}

async function* tracedStream(provider: ModelProvider, request: ModelRequest, signal: AbortSignal): AsyncIterable<ModelEvent> {
  const span = tracer.startSpan(`chat ${request.model}`, {
    kind: SpanKind.CLIENT,
    attributes: { [GenAi.OPERATION]: "chat", [GenAi.PROVIDER]: provider.name, [GenAi.REQUEST_MODEL]: request.model },
  });
  const headers: Record<string, string> = {};
  propagation.inject(trace.setSpan(context.active(), span), headers);
  const traced = Object.keys(headers).length > 0 ? { ...request, headers: { ...request.headers, ...headers } } : request;
  try {
    for await (const event of provider.stream(traced, signal)) {
      if (event.type === "finish") {
        span.setAttributes({
          [GenAi.FINISH_REASONS]: [event.reason],
          [GenAi.INPUT_TOKENS]: event.usage.inputTokens,
          [GenAi.OUTPUT_TOKENS]: event.usage.outputTokens,
          ...(event.model ? { [GenAi.RESPONSE_MODEL]: event.model } : {}),
        });
      }
      yield event;
    }
  } catch (err) {
    recordError(span, err);
    throw err;
  } finally {
    span.end();
  }
}

/** Runs one tool call inside its `execute_tool {name}` span; a failed or denied call is an error. */
export function traceToolCall(call: ToolCall, run: () => Promise<ToolResult>): Promise<ToolResult> {
  const capture = captureContent();
  return tracer.startActiveSpan(
    `execute_tool ${call.name}`,
    {
      kind: SpanKind.INTERNAL,
      attributes: {
        [GenAi.OPERATION]: "execute_tool",
        [GenAi.TOOL_NAME]: call.name,
        [GenAi.TOOL_CALL_ID]: call.id,
        [GenAi.TOOL_TYPE]: "function",
        ...(capture ? { [GenAi.TOOL_ARGUMENTS]: JSON.stringify(call.args).slice(0, MAX_CONTENT_CHARS) } : {}),
      },
    },
    async (span) => {
      try {
        const result = await run();
        if (capture) span.setAttribute(GenAi.TOOL_RESULT, result.output.slice(0, MAX_CONTENT_CHARS));
        if (result.decision?.decision === "deny") {
          span.setAttribute(ERROR_TYPE, "denied");
          span.setStatus({ code: SpanStatusCode.ERROR, message: `denied by ${result.decision.decidedBy}` });
        } else if (result.isError) {
          span.setAttribute(ERROR_TYPE, "tool_error");
          span.setStatus({ code: SpanStatusCode.ERROR });
        }
        return result;
      } catch (err) {
        recordError(span, err);
        throw err;
      } finally {
        span.end();
      }
    },
  );
}

export interface AgentTurn {
  sessionId: string;
  provider: string;
  model: string;
}

/**
 * Runs a turn inside its `invoke_agent` span, the child of the caller's (the host's gRPC
 * call). `observe` reads the turn's chunks: usage and finish reason from `finish`, the error
 * code from `error`. When the turn ends its spans are sent at once.
 */
export async function traceAgentTurn<T>(turn: AgentTurn, body: (observe: (chunk: StreamChunk) => void) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(
    `invoke_agent ${AGENT_NAME}`,
    {
      kind: SpanKind.INTERNAL,
      attributes: {
        [GenAi.OPERATION]: "invoke_agent",
        [GenAi.AGENT_NAME]: AGENT_NAME,
        [GenAi.CONVERSATION]: turn.sessionId,
        [GenAi.PROVIDER]: turn.provider,
        [GenAi.REQUEST_MODEL]: turn.model,
      },
    },
    async (span) => {
      const observe = (chunk: StreamChunk) => {
        if (chunk.type === "error") {
          span.setAttribute(ERROR_TYPE, chunk.error.code);
          span.setStatus({ code: SpanStatusCode.ERROR, message: chunk.error.message });
        } else if (chunk.type === "finish") {
          span.setAttributes({
            [GenAi.FINISH_REASONS]: [chunk.finish.finishReason],
            [GenAi.INPUT_TOKENS]: chunk.finish.usage.inputTokens,
            [GenAi.OUTPUT_TOKENS]: chunk.finish.usage.outputTokens,
          });
        }
      };
      try {
        return await body(observe);
      } catch (err) {
        recordError(span, err);
        throw err;
      } finally {
        span.end();
        activeTracing()?.flush().catch(() => undefined);
      }
    },
  );
}
