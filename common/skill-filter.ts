/**
 * The session option `skillFilter` (common/session.ts): checked by the client before it
 * sends (the wire cannot tell `include: []` from no include) and by the agent, then asked per skill.
 */
import { A3sError, ErrorCodes } from "./errors";
import type { SkillFilter } from "./session";

/** A skill name (lower-case words joined by `-`) in which `*` may stand for any run of characters. */
const PATTERN = /^[a-z0-9*-]{1,64}$/;

/** Throws INVALID_ARGUMENT naming the first bad field. */
export function checkSkillFilter(filter: SkillFilter): void {
  if (filter.include !== undefined && filter.include.length === 0) {
    throw new A3sError(ErrorCodes.INVALID_ARGUMENT, "skillFilter.include is empty: leave it out to see every skill, or use exclude: [\"*\"] to see none");
  }
  for (const field of ["include", "exclude"] as const) {
    const patterns: unknown = filter[field] ?? [];
    if (!Array.isArray(patterns)) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `skillFilter.${field} must be a list of skill names`);
    patterns.forEach((pattern: unknown, i) => {
      if (typeof pattern !== "string" || !PATTERN.test(pattern)) {
        throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `skillFilter.${field}[${i}] ${JSON.stringify(pattern)} is not a skill name (lower-case letters, digits and -, with * for any run of them)`);
      }
    });
  }
}

/** Whether a session with this filter sees the skill `name`. */
export function skillVisible(filter: SkillFilter | undefined, name: string): boolean {
  if (!filter) return true;
  const matches = (pattern: string) => new RegExp(`^${pattern.replaceAll("*", ".*")}$`).test(name);
  return (filter.include === undefined || filter.include.some(matches)) && !(filter.exclude ?? []).some(matches);
}
