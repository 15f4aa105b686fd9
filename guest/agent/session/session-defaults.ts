import { checkSessionOptionNames, type SessionOptions } from "../../../common/session";
import type { Workspace } from "../tools/workspace";
import { validateSessionOptions } from "./session-options";

/** The environment variable a box sets from its image's io.a3s.box.* labels and its options. */
export const SESSION_DEFAULTS_VAR = "A3S_SESSION_DEFAULTS";

/** The session defaults in `text` (JSON session options), checked like a caller's options. */
export function parseSessionDefaults(text: string, workspace: Workspace): SessionOptions {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`${SESSION_DEFAULTS_VAR} is not a JSON object of session options`);
  }
  try {
    checkSessionOptionNames(value);
    validateSessionOptions(value as SessionOptions, workspace);
  } catch (error) {
    throw new Error(`${SESSION_DEFAULTS_VAR}: ${(error as Error).message}`);
  }
  return value as SessionOptions;
}
