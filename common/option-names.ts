import { A3sError, ErrorCodes } from "./errors";

/**
 * Refuses an options object with a property outside `known`, naming it: plain JavaScript
 * gets no type check, and a misspelt or foreign option would otherwise be dropped silently.
 * `hints` maps a name from elsewhere (another SDK, an older version) to ours.
 */
export function refuseUnknownOptions(options: unknown, known: readonly string[], what: string, hints: Readonly<Record<string, string>> = {}): void {
  if (options === undefined) return;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `${what} must be an object, got ${options === null ? "null" : Array.isArray(options) ? "an array" : typeof options}`);
  }
  for (const name of Object.keys(options)) {
    if (known.includes(name)) continue;
    const hint = Object.hasOwn(hints, name) ? ` (use "${hints[name]}")` : "";
    throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `unknown ${what} "${name}"${hint}; known: ${known.join(", ")}`);
  }
}

/** The names of an options type, from a record the compiler checks to hold each key exactly once. */
export function namesOf<T>(keys: Record<keyof T, true>): readonly string[] {
  return Object.keys(keys);
}
