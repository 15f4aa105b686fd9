/** Session options and permission policies as SDK users and the UI see them. */
import type { PermissionPolicy as WirePolicy } from "./generated/a3s/box/v1/PermissionPolicy";
import type { SessionOptions as WireOptions, SessionOptions__Output } from "./generated/a3s/box/v1/SessionOptions";
import { namesOf, refuseUnknownOptions } from "./option-names";
import { checkSkillFilter } from "./skill-filter";
import type { ProviderName } from "./providers";

export interface ModelRef {
  provider: ProviderName;
  name: string;
}

export type PermissionDecision = "allow" | "ask" | "deny";

/**
 * Rules name a tool or a skill, optionally with an argument pattern: `bash`,
 * `bash(npm test *)`, `bash(git commit:*)`, `write(src/**)`, `web-fetch`. Evaluation: deny,
 * then remembered, then ask, then allow; first match wins; no match falls to `default`
 * (when unset: ask if the policy has rules, allow if it has none). docs/control.md has the details.
 */
export interface PermissionPolicy {
  allow?: string[];
  ask?: string[];
  deny?: string[];
  /** Rules a person added with "Always allow": each exactly one command, path or value. */
  remembered?: string[];
  default?: PermissionDecision;
}

/**
 * Which skills a session sees (the design's SkillFilter): a skill is offered when it matches
 * `include` (every skill when unset) and no pattern of `exclude`. Patterns are skill names in
 * which `*` matches any run of characters (`run-*`, `*`). A hidden skill's tools are not
 * offered, it is not in the `skill` tool's list, and a call to it anyway is denied.
 */
export interface SkillFilter {
  include?: string[];
  exclude?: string[];
}

export interface SessionOptions {
  /** The system prompt (the design's name; `systemPrompt` is refused with a pointer here). */
  system?: string;
  model?: ModelRef;
  /** Working directory, relative to the workspace. */
  cwd?: string;
  thinking?: boolean;
  /** Model steps per turn; default 50. */
  maxSteps?: number;
  /** Context window in tokens; default from the model. */
  contextWindow?: number;
  /** How long an approval request waits before it counts as deny; default 10 minutes. */
  confirmationTimeoutMs?: number;
  permissionPolicy?: PermissionPolicy;
  title?: string;
  skillFilter?: SkillFilter;
}

/** A session as the agent lists it. */
export interface SessionInfo {
  id: string;
  options: SessionOptions;
  createdAtMs: number;
  updatedAtMs: number;
  messageCount: number;
}

/** How full the session's context is: tokens from the provider's usage at the last step. */
export interface ContextUsage {
  usedTokens: number;
  contextWindow: number;
  messageCount: number;
}

export interface ConfirmationAnswer {
  decision: "allow" | "deny";
  remember?: "once" | "session";
  message?: string;
}

export function policyToWire(p: PermissionPolicy): WirePolicy {
  return { allow: p.allow ?? [], ask: p.ask ?? [], deny: p.deny ?? [], remembered: p.remembered ?? [], defaultDecision: p.default ?? "" };
}

export function policyFromWire(p: WirePolicy | null | undefined): PermissionPolicy | undefined {
  if (!p) return undefined;
  const d = p.defaultDecision;
  return {
    allow: p.allow ?? [],
    ask: p.ask ?? [],
    deny: p.deny ?? [],
    ...(p.remembered && p.remembered.length > 0 ? { remembered: p.remembered } : {}),
    ...(d === "allow" || d === "ask" || d === "deny" ? { default: d } : {}),
  };
}

const SESSION_OPTION_NAMES = namesOf<SessionOptions>({
  system: true, model: true, cwd: true, thinking: true, maxSteps: true, contextWindow: true,
  confirmationTimeoutMs: true, permissionPolicy: true, title: true, skillFilter: true,
});
const MODEL_NAMES = namesOf<ModelRef>({ provider: true, name: true });
const POLICY_NAMES = namesOf<PermissionPolicy>({ allow: true, ask: true, deny: true, remembered: true, default: true });
const SKILL_FILTER_NAMES = namesOf<SkillFilter>({ include: true, exclude: true });

/**
 * Refuses option names the agent does not know (plain JavaScript gets no type check) and a
 * skillFilter the wire would carry as something else; INVALID_ARGUMENT names the option.
 */
export function checkSessionOptionNames(options: unknown): void {
  refuseUnknownOptions(options, SESSION_OPTION_NAMES, "session option", { systemPrompt: "system", systemMessage: "system", instructions: "system" });
  const o = options as SessionOptions | undefined;
  refuseUnknownOptions(o?.model, MODEL_NAMES, "model field", { model: "name", id: "name" });
  refuseUnknownOptions(o?.permissionPolicy, POLICY_NAMES, "permissionPolicy field", { defaultDecision: "default" });
  refuseUnknownOptions(o?.skillFilter, SKILL_FILTER_NAMES, "skillFilter field");
  if (o?.skillFilter) checkSkillFilter(o.skillFilter);
}

export function sessionOptionsToWire(o: SessionOptions): WireOptions {
  const { permissionPolicy, system, ...rest } = o;
  return {
    ...rest,
    ...(system !== undefined ? { systemPrompt: system } : {}),
    ...(permissionPolicy ? { permissionPolicy: policyToWire(permissionPolicy) } : {}),
  };
}

export function sessionOptionsFromWire(o: SessionOptions__Output | null | undefined): SessionOptions {
  if (!o) return {};
  const out: SessionOptions = {};
  if (o.systemPrompt !== undefined) out.system = o.systemPrompt;
  if (o.model) out.model = { provider: o.model.provider as ProviderName, name: o.model.name };
  if (o.cwd !== undefined) out.cwd = o.cwd;
  if (o.thinking !== undefined) out.thinking = o.thinking;
  if (o.maxSteps !== undefined) out.maxSteps = o.maxSteps;
  if (o.contextWindow !== undefined) out.contextWindow = o.contextWindow;
  if (o.confirmationTimeoutMs !== undefined) out.confirmationTimeoutMs = o.confirmationTimeoutMs;
  const policy = policyFromWire(o.permissionPolicy);
  if (policy) out.permissionPolicy = policy;
  if (o.title !== undefined) out.title = o.title;
  if (o.skillFilter) {
    const { include, exclude } = o.skillFilter;
    out.skillFilter = { ...(include.length > 0 ? { include } : {}), ...(exclude.length > 0 ? { exclude } : {}) };
  }
  return out;
}

/** `base` with every field that `change` sets. */
export function mergeSessionOptions(base: SessionOptions, change: SessionOptions): SessionOptions {
  const merged: SessionOptions = { ...base };
  for (const [key, value] of Object.entries(change) as Array<[keyof SessionOptions, unknown]>) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}
