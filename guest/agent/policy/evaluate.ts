/**
 * One session's permissions: the policy the host set plus the rules remembered from
 * "allow for this session" answers. Evaluation order: deny, then remembered allows, then
 * ask, then allow; the first match wins; no match falls to the default (allow when no
 * default is set).
 */
import type { ToolDecision } from "../../../common/chunks";
import type { PermissionDecision, PermissionPolicy } from "../../../common/session";
import { A3sError, ErrorCodes } from "../../../common/errors";
import { firstRestricting, formatRule, parseRule, permittingRules, type Rule, type ToolCallSubject } from "./rule";
import { toolSubject } from "./tool-subjects";

export interface PolicyDecision extends ToolDecision {
  /** The rule that decided, when one did. */
  rule?: Rule;
}

interface ParsedPolicy {
  allow: Rule[];
  ask: Rule[];
  deny: Rule[];
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

  /** Replaces the policy; throws INVALID_ARGUMENT naming the bad rule and keeps the old one. */
  setPolicy(policy: PermissionPolicy | undefined): void {
    this.parsed = parsePolicy(policy);
    this.policy = policy;
  }

  getPolicy(): PermissionPolicy | undefined {
    return this.policy;
  }

  evaluate(call: ToolCallSubject): PolicyDecision {
    const { parsed } = this;
    const deny = firstRestricting(parsed.deny, call);
    if (deny) return decided("deny", "rule", [deny]);
    const remembered = permittingRules(this.remembered, call);
    if (remembered) return decided("allow", "session", remembered);
    const ask = firstRestricting(parsed.ask, call);
    if (ask) return decided("ask", "rule", [ask]);
    const allow = permittingRules(parsed.allow, call);
    if (allow) return decided("allow", "rule", allow);
    return { decision: parsed.default, decidedBy: "default", reason: `no rule matched ${call.tool}; the default is ${parsed.default}` };
  }

  /** Deny rules alone, for checking arguments a hook rewrote. */
  deniedBy(call: ToolCallSubject): PolicyDecision | undefined {
    const deny = firstRestricting(this.parsed.deny, call);
    return deny ? decided("deny", "rule", [deny]) : undefined;
  }

  /** A tool denied without a pattern is never offered to the model. */
  isHidden(tool: string): boolean {
    return this.parsed.deny.some((r) => r.tool === tool && r.pattern === undefined);
  }

  /**
   * After "allow for this session": remember the ask rule's pattern when it had one,
   * else this call's exact subject (command or path), else the whole tool.
   */
  rememberApproval(call: ToolCallSubject, askedBy: PolicyDecision | undefined): Rule {
    const rule = rememberedRuleFor(call, askedBy);
    this.rememberRules([rule]);
    return rule;
  }

  /** Adds allow rules (e.g. a skill's allowed-tools) for the rest of the session. */
  rememberRules(rules: Rule[]): void {
    for (const rule of rules) if (!this.remembered.some((r) => sameRule(r, rule))) this.remembered.push(rule);
  }

  toJSON(): SessionPermissionsData {
    return { ...(this.policy ? { policy: this.policy } : {}), remembered: this.remembered };
  }
}

function rememberedRuleFor(call: ToolCallSubject, askedBy: PolicyDecision | undefined): Rule {
  if (askedBy?.rule?.pattern !== undefined) return { tool: call.tool, pattern: askedBy.rule.pattern };
  const subject = toolSubject(call.tool, call.args, call.workspace);
  const value = subject.kind === "text" ? undefined : subject.values[0];
  return value === undefined ? { tool: call.tool } : { tool: call.tool, pattern: value, literal: true };
}

function sameRule(a: Rule, b: Rule): boolean {
  return a.tool === b.tool && a.pattern === b.pattern && Boolean(a.literal) === Boolean(b.literal);
}

function decided(decision: PermissionDecision, kind: "rule" | "session", rules: Rule[]): PolicyDecision {
  const text = rules.map(formatRule).join(" + ");
  const list = kind === "session" ? "allowed for this session" : `${decision} rule`;
  return { decision, decidedBy: `${kind}:${text}`, reason: `${list} "${text}" matched`, rule: rules[0]! };
}

const DECISIONS: readonly string[] = ["allow", "ask", "deny"];

export function parsePolicy(policy: PermissionPolicy | undefined): ParsedPolicy {
  if (!policy) return { allow: [], ask: [], deny: [], default: "allow" };
  const d = policy.default as string | undefined;
  if (d !== undefined && d !== "" && !DECISIONS.includes(d)) {
    throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `invalid permission policy default "${d}": expected allow, ask or deny`);
  }
  return {
    allow: (policy.allow ?? []).map(parseRule),
    ask: (policy.ask ?? []).map(parseRule),
    deny: (policy.deny ?? []).map(parseRule),
    default: (d || "allow") as PermissionDecision,
  };
}
