import { Allow, parse as parsePartialJson } from "partial-json";
import type { JsonValue, Usage } from "../../../common/chunks";
import { A3sError, ErrorCodes } from "../../../common/errors";
import { recordStepUsage, type TurnContext } from "../loop/agent-loop";
import { systemPromptOf } from "../session/session-record";
import { streamWithRetry } from "../loop/retry";
import { extractJsonText, stripThinking } from "./json-text";
import { compileSchema, describeViolations, violationsOf, type Violation } from "./schema-check";

export type ObjectTurnContext = Pick<TurnContext, "session" | "provider" | "model" | "contextWindow" | "retry" | "persist" | "signal">;

/** Tries in all: the first answer, and one more after feeding the violations back. */
const ATTEMPTS = 2;

/**
 * Asks the model for a JSON value matching `schemaJson` and validates it. Invalid output
 * gets one more try with the violations fed back; then SCHEMA_VALIDATION lists every one.
 * `onPartial` sees the object as it grows (streaming).
 */
export async function generateObject(
  ctx: ObjectTurnContext,
  prompt: string,
  schemaJson: string,
  onPartial?: (partial: JsonValue) => void,
): Promise<{ object: JsonValue; usage: Usage }> {
  const { schema, validate } = compileSchema(schemaJson);
  const { session } = ctx;
  const usage: Usage = { inputTokens: 0, outputTokens: 0 };
  let ask = `${prompt}\n\nAnswer with only a JSON value (no prose) that matches this JSON Schema:\n${JSON.stringify(schema)}`;
  let violations: Violation[] = [];
  try {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      session.messages.push({ role: "user", text: ask, createdAtMs: Date.now() });
      const text = await streamAnswer(ctx, schema, usage, onPartial);
      session.messages.push({ role: "assistant", text, toolCalls: [], createdAtMs: Date.now() });
      const parsed = parseAnswer(text);
      violations = parsed.ok ? violationsOf(validate, parsed.value) : [{ path: "$", message: parsed.error }];
      if (parsed.ok && violations.length === 0) return { object: parsed.value, usage };
      ask = `Your answer does not match the schema: ${describeViolations(violations)}. Answer again with only the corrected JSON.`;
    }
  } finally {
    await ctx.persist();
  }
  throw new A3sError(
    ErrorCodes.SCHEMA_VALIDATION,
    `the model's output does not match the schema after ${ATTEMPTS} tries: ${describeViolations(violations)}`,
    { details: { violations } },
  );
}

async function streamAnswer(
  ctx: ObjectTurnContext,
  schema: Record<string, unknown>,
  usage: Usage,
  onPartial: ((partial: JsonValue) => void) | undefined,
): Promise<string> {
  const request = {
    model: ctx.model,
    ...(systemPromptOf(ctx.session) ? { system: systemPromptOf(ctx.session) } : {}),
    messages: ctx.session.messages,
    tools: [],
    thinking: ctx.session.options.thinking ?? false,
    contextWindow: ctx.contextWindow,
    jsonSchema: schema,
  };
  let text = "";
  let lastPartial = "";
  for await (const event of streamWithRetry(() => ctx.provider.stream(request, ctx.signal), ctx.retry, ctx.signal)) {
    if (event.type === "text-delta") {
      text += event.text;
      if (!onPartial) continue;
      const partial = parsePartial(text);
      const key = JSON.stringify(partial);
      if (partial !== undefined && key !== lastPartial) {
        lastPartial = key;
        onPartial(partial);
      }
    } else if (event.type === "finish") recordStepUsage(ctx.session, usage, event.usage);
  }
  if (ctx.signal.aborted) throw new A3sError(ErrorCodes.CANCELLED, "the request was cancelled");
  return text;
}

function parsePartial(text: string): JsonValue | undefined {
  const json = extractJsonText(text);
  if (!json.startsWith("{") && !json.startsWith("[")) return undefined;
  try {
    return parsePartialJson(json, Allow.ALL & ~Allow.NUM) as JsonValue;
  } catch {
    return undefined;
  }
}

function parseAnswer(text: string): { ok: true; value: JsonValue } | { ok: false; error: string } {
  const json = extractJsonText(text);
  try {
    return { ok: true, value: JSON.parse(json) as JsonValue };
  } catch (err) {
    const shown = stripThinking(text).trim().slice(0, 200);
    return { ok: false, error: `is not valid JSON (${(err as Error).message}): ${JSON.stringify(shown)}` };
  }
}
