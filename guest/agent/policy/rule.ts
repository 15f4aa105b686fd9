/**
 * Permission rules: `bash`, `bash(npm test*)`, `write(src/**)`, `read(*.md)`, or a skill
 * tool's name. A pattern on a path tool is a glob over the workspace-relative path (a
 * pattern without `/` matches the file name at any depth); on any other tool, `*` matches
 * any text.
 */
import picomatch from "picomatch";
import { A3sError, ErrorCodes } from "../../../common/errors";
import type { JsonObject } from "../../../common/chunks";
import { splitShellCommand } from "./shell-segments";
import { toolSubject } from "./tool-subjects";

export interface Rule {
  tool: string;
  pattern?: string;
  /** The pattern is a literal value, not a glob (rules remembered from one approval). */
  literal?: boolean;
}

export interface ToolCallSubject {
  tool: string;
  args: JsonObject;
  workspace: string;
}

const RULE_SYNTAX = /^([A-Za-z0-9_.-]+)(?:\((.+)\))?$/s;

export function parseRule(text: string): Rule {
  const match = RULE_SYNTAX.exec(text.trim());
  if (!match) {
    throw new A3sError(
      ErrorCodes.INVALID_ARGUMENT,
      `invalid permission rule "${text}": expected a tool name, optionally followed by an argument pattern in parentheses, e.g. "bash" or "bash(npm test*)"`,
    );
  }
  const [, tool, pattern] = match;
  return pattern === undefined ? { tool: tool! } : { tool: tool!, pattern };
}

export function formatRule(rule: Rule): string {
  return rule.pattern === undefined ? rule.tool : `${rule.tool}(${rule.pattern})`;
}

/** The first deny or ask rule that matches; a chained shell command matches when any part does. */
export function firstRestricting(rules: Rule[], call: ToolCallSubject): Rule | undefined {
  return rules.find((rule) => {
    if (rule.tool !== call.tool) return false;
    if (rule.pattern === undefined) return true;
    const subject = toolSubject(call.tool, call.args, call.workspace);
    const matches = matcherFor(rule, subject.kind);
    if (subject.kind !== "command") return subject.values.some(matches);
    const command = subject.values[0] ?? "";
    return matches(command) || splitShellCommand(command).segments.some(matches);
  });
}

/**
 * The allow rules that together permit the call, or undefined. A chained shell command is
 * permitted only when every part matches some rule and nothing is substituted, so an
 * allowed prefix never carries an unapproved command along.
 */
export function permittingRules(rules: Rule[], call: ToolCallSubject): Rule[] | undefined {
  const candidates = rules.filter((rule) => rule.tool === call.tool);
  const bare = candidates.find((rule) => rule.pattern === undefined);
  if (bare) return [bare];
  const subject = toolSubject(call.tool, call.args, call.workspace);
  if (subject.kind !== "command") {
    const rule = candidates.find((r) => subject.values.some(matcherFor(r, subject.kind)));
    return rule ? [rule] : undefined;
  }
  const command = subject.values[0] ?? "";
  const literal = candidates.find((r) => r.literal && r.pattern === command);
  if (literal) return [literal];
  const { segments, hasSubstitution } = splitShellCommand(command);
  if (hasSubstitution || segments.length === 0) return undefined;
  const used: Rule[] = [];
  for (const segment of segments) {
    const rule = candidates.find((r) => !r.literal && matcherFor(r, "command")(segment));
    if (!rule) return undefined;
    if (!used.includes(rule)) used.push(rule);
  }
  return used;
}

function matcherFor(rule: Rule, kind: "command" | "path" | "text"): (value: string) => boolean {
  const pattern = rule.pattern!;
  if (rule.literal) return (value) => value === pattern;
  const isMatch = kind === "path"
    ? picomatch(pattern, { dot: true, basename: !pattern.includes("/") })
    : picomatch(pattern, { dot: true, bash: true });
  return (value) => isMatch(value);
}
