/**
 * Permission rules: `bash`, `bash(npm test *)`, `bash(git commit:*)`, `write(src/**)`,
 * `read(*.md)`, a skill tool's name, or a skill's name (all its tools). See docs/control.md
 * for what each pattern matches.
 */
import picomatch from "picomatch";
import { A3sError, ErrorCodes } from "../../../common/errors";
import type { JsonObject } from "../../../common/chunks";
import type { Rule } from "../../../common/session-store";
import type { SimpleCommand } from "./shell-commands";
import { toolSubject, type ToolSubject } from "./tool-subjects";

export type { Rule } from "../../../common/session-store";

export interface ToolCallSubject {
  tool: string;
  args: JsonObject;
  workspace: string;
  /** The session's cwd, relative to the workspace. */
  cwd?: string;
  /** The skill the tool belongs to, if any. */
  skill?: string;
}

const RULE_SYNTAX = /^([A-Za-z0-9_.-]+)(?:\((.+)\))?$/s;

export function parseRule(text: string): Rule {
  const match = RULE_SYNTAX.exec(text.trim());
  if (!match) {
    throw new A3sError(
      ErrorCodes.INVALID_ARGUMENT,
      `invalid permission rule "${text}": expected a tool or skill name, optionally followed by an argument pattern in parentheses, e.g. "bash" or "bash(npm test *)"`,
    );
  }
  const [, tool, pattern] = match;
  return pattern === undefined ? { tool: tool! } : { tool: tool!, pattern };
}

export function formatRule(rule: Rule): string {
  return rule.pattern === undefined ? rule.tool : `${rule.tool}(${rule.pattern})`;
}

/** A rule names the tool, or the skill the tool belongs to. */
export function namesTool(rule: Rule, call: Pick<ToolCallSubject, "tool" | "skill">): boolean {
  return rule.tool === call.tool || (call.skill !== undefined && rule.tool === call.skill);
}

/**
 * The first deny or ask rule that matches: for bash, when any simple command anywhere in
 * the line matches; for paths, the path as written or as it resolves.
 */
export async function firstRestricting(rules: Rule[], call: ToolCallSubject, subject?: ToolSubject): Promise<Rule | undefined> {
  const named = rules.filter((rule) => namesTool(rule, call));
  if (named.length === 0) return undefined;
  const s = named.some((rule) => rule.pattern !== undefined) ? (subject ?? (await toolSubject(call))) : undefined;
  return named.find((rule) => {
    if (rule.pattern === undefined || !s) return true;
    if (s.kind === "command") return s.line.commands.some((c) => commandMatches(rule.pattern!, c));
    return s.values.some(valueMatcher(rule.pattern!, s.kind));
  });
}

/**
 * The allow rules that together permit the call, or undefined. A bash line is permitted
 * only when nothing in it is hidden and every simple command is literal and allowed; a
 * path only when it stays inside the workspace and matches as written and as resolved.
 */
export async function permittingRules(rules: Rule[], call: ToolCallSubject, subject?: ToolSubject): Promise<Rule[] | undefined> {
  const named = rules.filter((rule) => namesTool(rule, call));
  if (named.length === 0) return undefined;
  const bare = named.find((rule) => rule.pattern === undefined);
  const patterned = named.filter((rule) => rule.pattern !== undefined);
  if (patterned.length === 0) return bare ? [bare] : undefined;
  const matched = matchingAllowRules(patterned, subject ?? (await toolSubject(call)));
  return matched ?? (bare ? [bare] : undefined);
}

function matchingAllowRules(named: Rule[], s: ToolSubject): Rule[] | undefined {
  if (s.kind === "command") {
    const { commands, hidden } = s.line;
    if (hidden.length > 0 || commands.length === 0 || commands.some((c) => !c.literal)) return undefined;
    const used: Rule[] = [];
    for (const command of commands) {
      const rule = named.find((r) => commandMatches(r.pattern!, command));
      if (!rule) return undefined;
      if (!used.includes(rule)) used.push(rule);
    }
    return used;
  }
  if (s.kind === "path" && !s.inside) return undefined;
  const rule = named.find((r) => {
    const matches = valueMatcher(r.pattern!, s.kind);
    return s.kind === "path" ? s.values.every(matches) : s.values.some(matches);
  });
  return rule ? [rule] : undefined;
}

/** `git commit:*` matches `git commit` and `git commit …`; any other pattern is a glob over the whole command. */
export function commandMatches(pattern: string, command: SimpleCommand): boolean {
  const text = command.argv.join(" ");
  if (pattern.endsWith(":*")) {
    const prefix = pattern.slice(0, -2);
    return text === prefix || text.startsWith(`${prefix} `);
  }
  return picomatch(pattern, { dot: true, bash: true })(text);
}

function valueMatcher(pattern: string, kind: "path" | "text"): (value: string) => boolean {
  const isMatch = kind === "path"
    ? picomatch(pattern, { dot: true, basename: !pattern.includes("/") })
    : picomatch(pattern, { dot: true, bash: true });
  return (value) => isMatch(value);
}

/** A glob that matches exactly `text`. */
export function literalPattern(text: string): string {
  return text.replace(/[\\*?[\]{}()!+@|]/g, "\\$&");
}
