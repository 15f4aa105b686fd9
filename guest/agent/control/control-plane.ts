/**
 * The agent's control around its turns, built from its parts before the AgentService that
 * uses it: permission policies and confirmations (through `gate`), command and host hooks
 * (as the service's `SessionLifecycle`), skills (their tools in the shared registry), and the
 * lane queue. The gRPC handlers in control-handlers.ts are thin adapters over this class.
 */
import type { SkillInfo, ToolInfo } from "../../../common/agent-replies";
import type { JsonObject } from "../../../common/chunks";
import { A3sError, ErrorCodes } from "../../../common/errors";
import type { ConfirmationAnswer } from "../../../common/session";
import type { SessionLifecycle } from "../session/session-lifecycle";
import { ConfirmationBroker } from "../confirm/confirmation-broker";
import { loadHookConfig } from "../hooks/hook-config";
import { assertHookEvents } from "../hooks/hook-events";
import { HookRunner } from "../hooks/hook-runner";
import { HostHookBroker, type HookInvocation } from "../hooks/host-hooks";
import { LaneQueue, type LaneLimits } from "../lanes/lane-queue";
import { unlimitedProcesses, type ToolProcesses } from "../limits/tool-processes";
import { SkillRegistry, type Skill } from "../skills/skill-registry";
import type { ToolRegistry } from "../tools/registry";
import type { Workspace } from "../tools/workspace";
import { ControlGate } from "./control-gate";
import { syncSkillTools } from "./skill-tools";

export interface ControlPlaneOptions {
  /** The registry the AgentService runs tools from; skills add theirs to it. */
  tools: ToolRegistry;
  workspace: Workspace;
  stateDir: string;
  /** The built-in skills, read and their tools registered already (readBuiltinSkills); the loaded ones are read from `stateDir` here. */
  skills: SkillRegistry;
  /** A hooks.json with command hooks; none when unset. */
  hooksFile?: string;
  hostHookTimeoutMs?: number;
  /** How command hooks run programs: the AgentService's `processes` (default: without limits). */
  processes?: ToolProcesses;
  laneLimits?: Partial<LaneLimits>;
  warn(message: string): void;
}

export class ControlPlane implements SessionLifecycle {
  private constructor(
    private readonly tools: ToolRegistry,
    /** The AgentService's tool gate: policies, confirmations, hooks and lanes around each call. */
    readonly gate: ControlGate,
    private readonly skills: SkillRegistry,
    private readonly hooks: HookRunner,
    private readonly host: HostHookBroker,
    private readonly confirmations: ConfirmationBroker,
    readonly lanes: LaneQueue,
  ) {}

  /** The skills of `builtinDir` (the agent's own, not the box's: read before attach), their tools added to `tools`. */
  static async readBuiltinSkills(tools: ToolRegistry, builtinDir: string | undefined, warn: (message: string) => void): Promise<SkillRegistry> {
    const skills = await SkillRegistry.open({ ...(builtinDir ? { builtinDir } : {}), reservedToolNames: tools.list().map((t) => t.name), onError: warn });
    syncSkillTools(tools, skills);
    return skills;
  }

  static async open(options: ControlPlaneOptions): Promise<ControlPlane> {
    const { tools, workspace, skills } = options;
    const builtin = skills.list();
    await skills.readLoaded(options.stateDir);
    const commandHooks = options.hooksFile ? await loadHookConfig(options.hooksFile) : [];
    const host = new HostHookBroker();
    const hooks = new HookRunner({
      workspace: workspace.root,
      processes: options.processes ?? unlimitedProcesses,
      commandHooks,
      host,
      ...(options.hostHookTimeoutMs ? { hostTimeoutMs: options.hostHookTimeoutMs } : {}),
      onError: options.warn,
    });
    const confirmations = new ConfirmationBroker();
    const lanes = new LaneQueue(options.laneLimits);
    // Registering compiles each tool's schema again, which a box's attach (most have no loaded
    // skill) need not wait for: the built-in skills' tools are registered already.
    if (!sameSkills(builtin, skills.list())) syncSkillTools(tools, skills);
    const gate = new ControlGate({ workspace, hooks, confirmations, lanes, skills });
    return new ControlPlane(tools, gate, skills, hooks, host, confirmations, lanes);
  }

  // ---- confirmations ----

  respondToConfirmation(sessionId: string, requestId: string, answer: ConfirmationAnswer): void {
    this.confirmations.respond(sessionId, requestId, answer);
  }

  // ---- host hooks ----

  watchHooks(events: string[], send: (invocation: HookInvocation) => void): () => void {
    if (events.length === 0) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, "watchHooks needs at least one event");
    return this.host.watch(assertHookEvents(events), send);
  }

  respondToHook(invocationId: string, resultJson: string): void {
    this.host.respond(invocationId, resultJson);
  }

  // ---- skills ----

  async loadSkill(name: string, content: string): Promise<SkillInfo> {
    const skill = await this.skills.load(name, content);
    syncSkillTools(this.tools, this.skills);
    return summary(skill);
  }

  async unloadSkill(name: string): Promise<void> {
    await this.skills.unload(name);
    syncSkillTools(this.tools, this.skills);
  }

  listSkills(): { skills: SkillInfo[]; tools: ToolInfo[] } {
    return {
      skills: this.skills.list().map(summary),
      tools: this.tools.list().map((t) => ({ name: t.name, description: t.description, source: t.source, parameters: t.parameters as JsonObject })),
    };
  }

  // ---- hooks around sessions and turns (SessionLifecycle) ----

  async sessionStarted(sessionId: string): Promise<void> {
    await this.hooks.notify("SessionStart", sessionId, {});
  }

  async sessionEnded(sessionId: string): Promise<void> {
    await this.hooks.notify("SessionEnd", sessionId, {});
  }

  async beforeTurn(sessionId: string, prompt: string, signal?: AbortSignal): Promise<{ prompt: string } | { blocked: string }> {
    const verdict = await this.hooks.userPromptSubmit(sessionId, prompt, signal);
    if (verdict.blocked) return { blocked: `the prompt was blocked by ${verdict.blocked.decidedBy}: ${verdict.blocked.reason}` };
    if (verdict.additionalContext.length === 0) return { prompt };
    return { prompt: `${prompt}\n\n<hook-context>\n${verdict.additionalContext.join("\n")}\n</hook-context>` };
  }

  async afterTurn(sessionId: string, finishReason: string): Promise<void> {
    await this.hooks.notify("Stop", sessionId, { finishReason });
  }

  async beforeCompact(sessionId: string, messageCount: number): Promise<void> {
    await this.hooks.notify("PreCompact", sessionId, { messageCount });
  }
}

function summary(skill: Skill): SkillInfo {
  return { name: skill.name, description: skill.description, tools: skill.tools.map((t) => t.name), builtin: skill.builtin };
}

function sameSkills(a: readonly Skill[], b: readonly Skill[]): boolean {
  return a.length === b.length && a.every((skill, i) => skill === b[i]);
}
