/**
 * Span attribute names both ends use: the OpenTelemetry GenAI semantic conventions
 * (https://opentelemetry.io/docs/specs/semconv/gen-ai/) and A3S Box's own under `a3s.`.
 */
export const GenAi = {
  OPERATION: "gen_ai.operation.name",
  PROVIDER: "gen_ai.provider.name",
  AGENT_NAME: "gen_ai.agent.name",
  CONVERSATION: "gen_ai.conversation.id",
  REQUEST_MODEL: "gen_ai.request.model",
  RESPONSE_MODEL: "gen_ai.response.model",
  FINISH_REASONS: "gen_ai.response.finish_reasons",
  INPUT_TOKENS: "gen_ai.usage.input_tokens",
  OUTPUT_TOKENS: "gen_ai.usage.output_tokens",
  TOOL_NAME: "gen_ai.tool.name",
  TOOL_TYPE: "gen_ai.tool.type",
  TOOL_CALL_ID: "gen_ai.tool.call.id",
  TOOL_ARGUMENTS: "gen_ai.tool.call.arguments",
  TOOL_RESULT: "gen_ai.tool.call.result",
} as const;

export const ERROR_TYPE = "error.type";

/** The box a span came from: stamped by the host on every span a box sends, whatever the box said. */
export const BOX_ID = "a3s.box.id";

/** The standard opt-in for recording message and tool contents on GenAI spans. */
export const CAPTURE_CONTENT_VAR = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";
