/** Hook events, what each hook receives, and what each may answer. */
import { Ajv } from "ajv";
import { A3sError, ErrorCodes } from "../../../common/errors";
import { describeSchemaErrors } from "../schema/describe-errors";

export const HOOK_EVENTS = ["SessionStart", "UserPromptSubmit", "PreToolUse", "PostToolUse", "PreCompact", "Stop", "SessionEnd"] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

/** Events whose hooks guard something: a hook that fails or times out blocks (fail closed). */
export const GATING_EVENTS: readonly HookEvent[] = ["UserPromptSubmit", "PreToolUse"];

export function isHookEvent(value: string): value is HookEvent {
  return (HOOK_EVENTS as readonly string[]).includes(value);
}

export function assertHookEvents(events: string[]): HookEvent[] {
  const unknown = events.filter((e) => !isHookEvent(e));
  if (unknown.length > 0) {
    throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `unknown hook event ${unknown.map((e) => `"${e}"`).join(", ")}; expected one of ${HOOK_EVENTS.join(", ")}`);
  }
  return events as HookEvent[];
}

/** What a hook may answer, per event; every field is optional and `{}` means "no opinion". */
export interface HookResult {
  decision?: "allow" | "deny" | "ask" | "block";
  reason?: string;
  /** PreToolUse: the arguments to run the tool with instead. */
  args?: Record<string, unknown>;
  /** PostToolUse: the result text the model sees instead. */
  output?: string;
  isError?: boolean;
  /** UserPromptSubmit: text added to the prompt's context. */
  additionalContext?: string;
}

const reason = { type: "string" };
const RESULT_SCHEMAS: Record<HookEvent, object> = {
  PreToolUse: { decision: { enum: ["allow", "deny", "ask"] }, reason, args: { type: "object" } },
  PostToolUse: { output: { type: "string" }, isError: { type: "boolean" }, reason },
  UserPromptSubmit: { decision: { enum: ["block"] }, reason, additionalContext: { type: "string" } },
  SessionStart: {},
  PreCompact: {},
  Stop: {},
  SessionEnd: {},
};

const ajv = new Ajv({ allErrors: true });
const validators = Object.fromEntries(
  HOOK_EVENTS.map((event) => [event, ajv.compile({ type: "object", properties: RESULT_SCHEMAS[event], additionalProperties: false })]),
) as Record<HookEvent, ReturnType<typeof ajv.compile>>;

/** Parses a hook's JSON answer; throws a message naming the bad field. Empty text is `{}`. */
export function parseHookResult(event: HookEvent, text: string): HookResult {
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`its output is not JSON: ${text.slice(0, 200)}`);
  }
  const validate = validators[event];
  if (!validate(value)) throw new Error(`its ${event} answer is invalid: ${describeSchemaErrors(validate.errors ?? [], "answer")}`);
  return value as HookResult;
}
