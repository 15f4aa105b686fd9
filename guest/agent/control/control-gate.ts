/**
 * The agent's ToolGate with control switched on. Before a tool runs: the policy (a deny
 * ends it there), then PreToolUse hooks, which may allow, deny, ask or rewrite the
 * arguments but never lift a deny (rewritten arguments are checked again), then a human
 * when the answer is "ask". The run
 * itself takes a slot in the execute lane. After it: PostToolUse hooks may rewrite the
 * result. Every decision names what decided it.
 */
import type { JsonObject, StreamChunk, ToolCall, ToolResult } from "../../../common/chunks";
import { skillVisible } from "../../../common/skill-filter";
import type { GateDecision, ToolGate } from "../loop/tool-gate";
import type { SessionRecord } from "../session/session-record";
import type { ToolSpec } from "../tools/registry";
import type { Workspace } from "../tools/workspace";
import { applyEdit } from "../tools/edit";
import { ConfirmationBroker, DEFAULT_CONFIRMATION_TIMEOUT_MS } from "../confirm/confirmation-broker";
import { proposedFileDiff } from "../confirm/file-diff";
import type { HookRunner } from "../hooks/hook-runner";
import type { LaneQueue } from "../lanes/lane-queue";
import { SessionPermissions, type PolicyDecision } from "../policy/evaluate";
import { parseRule, type ToolCallSubject } from "../policy/rule";
import type { SkillRegistry } from "../skills/skill-registry";
import { activationSpec, SKILL_TOOL } from "./skill-tools";

export interface ControlGateOptions {
  workspace: Workspace;
  hooks: HookRunner;
  confirmations: ConfirmationBroker;
  lanes: LaneQueue;
  skills: SkillRegistry;
}

export class ControlGate implements ToolGate {
  constructor(private readonly options: ControlGateOptions) {}

  /**
   * Tools denied without a pattern and the tools of skills the session's skillFilter hides are
   * left out; the `skill` tool lists only the skills left, and goes when none is.
   */
  visibleTools(session: SessionRecord, tools: ToolSpec[]): ToolSpec[] {
    const permissions = permissionsOf(session);
    const seen = (skill: string | undefined) => skill === undefined || (skillVisible(session.options.skillFilter, skill) && !permissions.isHidden(SKILL_TOOL, skill));
    const skills = this.options.skills.list().filter((s) => seen(s.name));
    return tools.flatMap((tool) => {
      if (tool.name === SKILL_TOOL) return skills.length > 0 && !permissions.isHidden(SKILL_TOOL) ? [activationSpec(skills)] : [];
      const skill = this.skillOf(tool.name);
      return permissions.isHidden(tool.name, skill) || !seen(skill) ? [] : [tool];
    });
  }

  async authorize(session: SessionRecord, call: ToolCall, signal: AbortSignal, emit: (chunk: StreamChunk) => void): Promise<GateDecision> {
    const permissions = permissionsOf(session);
    const skill = this.skillOf(call.name, call.args);
    if (skill !== undefined && !skillVisible(session.options.skillFilter, skill)) {
      return { decision: "deny", decidedBy: "skillFilter", reason: `the skill "${skill}" is not available in this session` };
    }
    const subject = (args: JsonObject): ToolCallSubject => ({
      tool: call.name,
      args,
      workspace: this.options.workspace.root,
      cwd: session.options.cwd ?? "",
      ...(skill ? { skill } : {}),
    });
    const before = await permissions.evaluate(subject(call.args));
    if (before.decision === "deny") return plain(before);

    const hook = await this.options.hooks.preToolUse(session.id, call, signal);
    const args = hook.args ?? call.args;
    const rewritten = hook.args ? { args } : {};
    const policy = hook.args ? await permissions.evaluate(subject(args)) : before;
    // Neither a deny rule nor a default of deny can be lifted by a hook.
    if (policy.decision === "deny") return { ...plain(policy), ...rewritten };
    if (hook.decision === "deny" || hook.decision === "allow") {
      return { decision: hook.decision, decidedBy: hook.decidedBy!, reason: hook.reason ?? "", ...rewritten };
    }
    if (hook.decision !== "ask" && policy.decision !== "ask") return { ...plain(policy), ...rewritten };

    const reason = hook.decision === "ask" ? (hook.reason ?? hook.decidedBy!) : policy.reason!;
    // "Always allow" changes the policy's answer only, so it is offered only when the policy asked.
    const alwaysAllowRule = policy.decision === "ask" ? await permissions.alwaysAllowRule(subject(args)) : undefined;
    const outcome = await this.ask(session, { ...call, args }, reason, alwaysAllowRule, signal, emit);
    if (outcome.decision === "allow" && outcome.remember === "session" && alwaysAllowRule) {
      permissions.rememberRules([parseRule(alwaysAllowRule)]);
      session.rememberedRules = permissions.toJSON().remembered;
      return { decision: "allow", decidedBy: "human", reason: `${outcome.reason}, and always allowed ${alwaysAllowRule}`, ...rewritten };
    }
    return { decision: outcome.decision, decidedBy: outcome.decidedBy, reason: outcome.reason, ...rewritten };
  }

  run(_session: SessionRecord, _call: ToolCall, execute: () => Promise<ToolResult>, signal: AbortSignal): Promise<ToolResult> {
    return this.options.lanes.run("execute", execute, signal);
  }

  async afterRun(session: SessionRecord, call: ToolCall, result: ToolResult): Promise<ToolResult> {
    if (call.name === SKILL_TOOL && !result.isError) this.grantAllowedTools(session, String(call.args["name"]));
    return this.options.hooks.postToolUse(session.id, call, result);
  }

  /** An activated skill's `allowed-tools` become allow rules for the rest of the session. */
  private grantAllowedTools(session: SessionRecord, skillName: string): void {
    const rules = this.options.skills.get(skillName)?.allowedTools.map(parseRule) ?? [];
    if (rules.length === 0) return;
    const permissions = permissionsOf(session);
    permissions.rememberRules(rules);
    session.rememberedRules = permissions.toJSON().remembered;
  }

  /** The skill a tool belongs to; for the `skill` tool, the skill it activates. */
  private skillOf(tool: string, args?: JsonObject): string | undefined {
    if (tool === SKILL_TOOL) return typeof args?.["name"] === "string" ? args["name"] : undefined;
    return this.options.skills.list().find((s) => s.tools.some((t) => t.name === tool))?.name;
  }

  private async ask(session: SessionRecord, call: ToolCall, reason: string, alwaysAllowRule: string | undefined, signal: AbortSignal, emit: (chunk: StreamChunk) => void) {
    const { workspace, confirmations } = this.options;
    const cwd = session.options.cwd ?? "";
    const diff = await proposedFileDiff(call.name, call.args, {
      resolve: (path) => workspace.resolve(path, cwd),
      relative: (absolute) => workspace.relative(absolute),
      applyEdit: (before, args) => applyEdit(before, args as Parameters<typeof applyEdit>[1], String(args["file_path"])),
    });
    return confirmations.ask(
      session.id,
      { tool: call.name, args: call.args, reason, toolCallId: call.id, ...(diff ? { diff } : {}), ...(alwaysAllowRule ? { alwaysAllowRule } : {}) },
      { timeoutMs: session.options.confirmationTimeoutMs ?? DEFAULT_CONFIRMATION_TIMEOUT_MS, signal, emit },
    );
  }
}

/** The session's permissions: its policy plus the rules remembered from earlier answers. */
export function permissionsOf(session: SessionRecord): SessionPermissions {
  return new SessionPermissions({ ...(session.options.permissionPolicy ? { policy: session.options.permissionPolicy } : {}), remembered: session.rememberedRules ?? [] });
}

function plain(decision: PolicyDecision): GateDecision {
  return { decision: decision.decision, decidedBy: decision.decidedBy, reason: decision.reason ?? "" };
}
