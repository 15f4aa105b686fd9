/** Checks on hook events and on what each hook may answer. */
import { Ajv } from "ajv";
import { A3sError, ErrorCodes } from "../../../common/errors";
import { HOOK_EVENTS, isHookEvent, type HookEvent, type HookResult } from "../../../common/hooks";
import { describeSchemaErrors } from "../schema/describe-errors";

export { HOOK_EVENTS, type HookEvent, type HookResult };

/** Events whose hooks guard something: a hook that fails or times out blocks (fail closed). */
export const GATING_EVENTS: readonly HookEvent[] = ["UserPromptSubmit", "PreToolUse"];

export function assertHookEvents(events: string[]): HookEvent[] {
  const unknown = events.filter((e) => !isHookEvent(e));
  if (unknown.length > 0) {
    throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `unknown hook event ${unknown.map((e) => `"${e}"`).join(", ")}; expected one of ${HOOK_EVENTS.join(", ")}`);
  }
  return events as HookEvent[];
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

// Compiled on first use: schema compilation at module load was a measurable part of the
// agent's start, which every box waits for, and most boxes run no hooks.
const ajv = new Ajv({ allErrors: true });
const validators = new Map<HookEvent, ReturnType<typeof ajv.compile>>();
function validatorFor(event: HookEvent): ReturnType<typeof ajv.compile> {
  let validate = validators.get(event);
  if (!validate) {
    validate = ajv.compile({ type: "object", properties: RESULT_SCHEMAS[event], additionalProperties: false });
    validators.set(event, validate);
  }
  return validate;
}

/** Parses a hook's JSON answer; throws a message naming the bad field. Empty text is `{}`. */
export function parseHookResult(event: HookEvent, text: string): HookResult {
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`its output is not JSON: ${text.slice(0, 200)}`);
  }
  const validate = validatorFor(event);
  if (!validate(value)) throw new Error(`its ${event} answer is invalid: ${describeSchemaErrors(validate.errors ?? [], "answer")}`);
  return value as HookResult;
}
