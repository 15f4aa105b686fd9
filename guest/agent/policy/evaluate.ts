/**
 * One session's permissions: the policy the host set (with the rules a person added through
 * "Always allow") plus the rules remembered in this session. Evaluation order: deny, then
 * remembered allows, then ask, then allow; the first match wins; no match falls to the
 * default: allow without a policy, ask when the policy has rules but no default.
 */
import type { ToolDecision } from "../../../common/chunks";
import type { PermissionDecision, PermissionPolicy } from "../../../common/session";
import { A3sError, ErrorCodes } from "../../../common/errors";
import { firstRestricting, formatRule, literalPattern, namesTool, parseRule, permittingRules, type Rule, type ToolCallSubject } from "./rule";
import { toolSubject, type ToolSubject } from "./tool-subjects";

export interface PolicyDecision extends ToolDecision {
  /** The rule that decided, when one did. */
  rule?: Rule;
}

interface ParsedPolicy {
  allow: Rule[];
  ask: Rule[];
  deny: Rule[];
  remembered: Rule[];
  default: PermissionDecision;
}

export interface SessionPermissionsData {
  policy?: PermissionPolicy;
  remembered: Rule[];
}

export class SessionPermissions {
  private parsed: ParsedPolicy;
  private policy: PermissionPolicy | undefined;
  private remembered: Rule[];

  constructor(data: SessionPermissionsData = { remembered: [] }) {
    this.policy = data.policy;
    this.parsed = parsePolicy(data.policy);
    this.remembered = [...data.remembered];
  }

  async evaluate(call: ToolCallSubject): Promise<PolicyDecision> {
    const { parsed } = this;
    let subject: ToolSubject | undefined;
    const subjectOf = async () => (subject ??= await toolSubject(call));
    const named = (rules: Rule[]) => rules.some((r) => namesTool(r, call));

    if (named(parsed.deny)) {
      const deny = await firstRestricting(parsed.deny, call, await subjectOf());
      if (deny) return decided("deny", "rule", [deny]);
      const hidden = await hiddenFromDeny(parsed.deny, call, await subjectOf());
      if (hidden) return hidden;
    }
    const remembered = [...parsed.remembered, ...this.remembered];
    if (named(remembered)) {
      const rules = await permittingRules(remembered, call, await subjectOf());
      if (rules) return decided("allow", "session", rules);
    }
    if (named(parsed.ask)) {
      const ask = await firstRestricting(parsed.ask, call, await subjectOf());
      if (ask) return decided("ask", "rule", [ask]);
    }
    if (named(parsed.allow)) {
      const allow = await permittingRules(parsed.allow, call, await subjectOf());
      if (allow) return decided("allow", "rule", allow);
    }
    return { decision: parsed.default, decidedBy: "default", reason: `no rule matched ${call.tool}; the default is ${parsed.default}` };
  }

  /** A tool (or its skill) denied without a pattern is never offered to the model. */
  isHidden(tool: string, skill?: string): boolean {
    return this.parsed.deny.some((r) => r.pattern === undefined && namesTool(r, { tool, ...(skill ? { skill } : {}) }));
  }

  /**
   * The rule "Always allow" adds for this call: exactly this command, path or value, never
   * the whole tool. Undefined when no such rule can be written (a line of several
   * commands, something computed, a path that leads elsewhere through a link).
   */
  async alwaysAllowRule(call: ToolCallSubject): Promise<string | undefined> {
    const subject = await toolSubject(call);
    if (subject.kind === "command") {
      const { commands, hidden } = subject.line;
      const only = commands[0];
      if (hidden.length > 0 || commands.length !== 1 || !only?.literal) return undefined;
      return formatRule({ tool: call.tool, pattern: literalPattern(only.argv.join(" ")) });
    }
    if (subject.kind === "path" && (!subject.inside || subject.values.length !== 1)) return undefined;
    if (subject.values.length !== 1) return undefined;
    return formatRule({ tool: call.tool, pattern: literalPattern(subject.values[0]!) });
  }

  /** Adds allow rules (an approval's rule, a skill's allowed-tools) for the rest of the session. */
  rememberRules(rules: Rule[]): void {
    for (const rule of rules) if (!this.remembered.some((r) => sameRule(r, rule))) this.remembered.push(rule);
  }

  toJSON(): SessionPermissionsData {
    return { ...(this.policy ? { policy: this.policy } : {}), remembered: this.remembered };
  }
}

/** A line with hidden parts (a computed command name, …) cannot be cleared by a deny rule: a person decides. */
async function hiddenFromDeny(deny: Rule[], call: ToolCallSubject, subject: ToolSubject): Promise<PolicyDecision | undefined> {
  if (subject.kind !== "command" || subject.line.hidden.length === 0) return undefined;
  const rule = deny.find((r) => namesTool(r, call) && r.pattern !== undefined);
  if (!rule) return undefined;
  const text = formatRule(rule);
  return {
    decision: "ask",
    decidedBy: `rule:${text}`,
    reason: `deny rule "${text}" cannot be checked: the command has ${subject.line.hidden.join(", ")}`,
    rule,
  };
}

function sameRule(a: Rule, b: Rule): boolean {
  return a.tool === b.tool && a.pattern === b.pattern;
}

function decided(decision: PermissionDecision, kind: "rule" | "session", rules: Rule[]): PolicyDecision {
  const text = rules.map(formatRule).join(" + ");
  const list = kind === "session" ? "always allowed" : `${decision} rule`;
  return { decision, decidedBy: `${kind}:${text}`, reason: `${list} "${text}" matched`, rule: rules[0]! };
}

const DECISIONS: readonly string[] = ["allow", "ask", "deny"];

export function parsePolicy(policy: PermissionPolicy | undefined): ParsedPolicy {
  if (!policy) return { allow: [], ask: [], deny: [], remembered: [], default: "allow" };
  const d = policy.default as string | undefined;
  if (d !== undefined && d !== "" && !DECISIONS.includes(d)) {
    throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `invalid permission policy default "${d}": expected allow, ask or deny`);
  }
  const parsed = {
    allow: (policy.allow ?? []).map(parseRule),
    ask: (policy.ask ?? []).map(parseRule),
    deny: (policy.deny ?? []).map(parseRule),
    remembered: (policy.remembered ?? []).map(parseRule),
  };
  const hasRules = Object.values(parsed).some((rules) => rules.length > 0);
  return { ...parsed, default: (d || (hasRules ? "ask" : "allow")) as PermissionDecision };
}
