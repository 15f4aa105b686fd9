/**
 * Command hooks, configured in `hooks.json` in the agent's state dir (outside the
 * workspace, so the agent's own tools cannot change them):
 *
 *   { "PreToolUse": [{ "matcher": "bash(git push*)", "command": "./check.sh", "timeoutMs": 5000 }] }
 *
 * `matcher` is a permission rule and applies to PreToolUse and PostToolUse only.
 */
import { readFile } from "node:fs/promises";
import { Ajv, type ValidateFunction } from "ajv";
import { A3sError, ErrorCodes } from "../../../common/errors";
import { parseRule, type Rule } from "../policy/rule";
import { describeSchemaErrors } from "../schema/describe-errors";
import { HOOK_EVENTS, type HookEvent } from "./hook-events";

export const DEFAULT_COMMAND_HOOK_TIMEOUT_MS = 60_000;

export interface CommandHook {
  event: HookEvent;
  command: string;
  matcher?: Rule;
  timeoutMs: number;
}

const entry = {
  type: "object",
  properties: {
    command: { type: "string", minLength: 1 },
    matcher: { type: "string", minLength: 1 },
    timeoutMs: { type: "integer", minimum: 1 },
  },
  required: ["command"],
  additionalProperties: false,
};
// Compiled on first use, not at module load: the agent's start is on every box's boot path.
let compiled: ValidateFunction | undefined;
const validator = (): ValidateFunction =>
  (compiled ??= new Ajv({ allErrors: true }).compile({
    type: "object",
    properties: Object.fromEntries(HOOK_EVENTS.map((e) => [e, { type: "array", items: entry }])),
    additionalProperties: false,
  }));

export function parseHookConfig(text: string, source: string): CommandHook[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `${source}: not valid JSON (${(err as Error).message})`);
  }
  const validate = validator();
  if (!validate(value)) {
    throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `${source}: ${describeSchemaErrors(validate.errors ?? [])}; events are ${HOOK_EVENTS.join(", ")}`);
  }
  const config = value as Partial<Record<HookEvent, Array<{ command: string; matcher?: string; timeoutMs?: number }>>>;
  return HOOK_EVENTS.flatMap((event) =>
    (config[event] ?? []).map((h) => ({
      event,
      command: h.command,
      timeoutMs: h.timeoutMs ?? DEFAULT_COMMAND_HOOK_TIMEOUT_MS,
      ...(h.matcher ? { matcher: parseRule(h.matcher) } : {}),
    })),
  );
}

/** Reads the config file; a missing file means no command hooks. */
export async function loadHookConfig(path: string): Promise<CommandHook[]> {
  const text = await readFile(path, "utf8").catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return undefined;
    throw err;
  });
  return text === undefined ? [] : parseHookConfig(text, path);
}
