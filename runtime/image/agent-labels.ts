/**
 * The `io.a3s.box.*` image labels that configure the agent of a box made from the image
 * (docs/images.md, "Agent labels"). A bad label is an IMAGE_ERROR that names it.
 */
import { PROVIDER_NAMES, isProviderName } from "../../common/providers";
import type { ModelRef, PermissionPolicy } from "../../common/session";
import { toolsCommandProblem } from "../../common/tools-command";
import { imageError } from "./errors";

export const AGENT_LABELS = {
  /** `provider/name`, e.g. `anthropic/claude-sonnet-4-5`. */
  model: "io.a3s.box.model",
  system: "io.a3s.box.system-prompt",
  /** JSON: `{"allow": [...], "ask": [...], "deny": [...], "default": "ask"}`. */
  permissionPolicy: "io.a3s.box.permission-policy",
  /** An absolute folder of the image whose subfolders each hold a SKILL.md. */
  skills: "io.a3s.box.skills",
  /** A command started at boot in the tools' namespaces: a JSON array (exec form) or a shell command line, as a Dockerfile's CMD. */
  toolsCommand: "io.a3s.box.tools-command",
} as const;

/** What an image's labels ask of its agent: defaults for every session and skills to load. */
export interface ImageAgentConfig {
  model?: ModelRef;
  system?: string;
  permissionPolicy?: PermissionPolicy;
  skills?: string;
  /** The program and its arguments (a shell command line becomes `sh -c LINE`). */
  toolsCommand?: string[];
}

export function agentConfigOfLabels(labels: Record<string, string>): ImageAgentConfig {
  const out: ImageAgentConfig = {};
  const model = labels[AGENT_LABELS.model];
  if (model !== undefined) out.model = modelOf(model);
  const system = labels[AGENT_LABELS.system];
  if (system !== undefined) out.system = system;
  const policy = labels[AGENT_LABELS.permissionPolicy];
  if (policy !== undefined) out.permissionPolicy = policyOf(policy);
  const skills = labels[AGENT_LABELS.skills];
  if (skills !== undefined) {
    if (!skills.startsWith("/") || skills.split("/").includes("..")) throw bad(AGENT_LABELS.skills, `must be an absolute folder of the image without "..", got "${skills}"`);
    out.skills = skills;
  }
  const toolsCommand = labels[AGENT_LABELS.toolsCommand];
  if (toolsCommand !== undefined) out.toolsCommand = toolsCommandOf(toolsCommand);
  return out;
}

function modelOf(value: string): ModelRef {
  const slash = value.indexOf("/");
  const provider = value.slice(0, slash);
  const name = value.slice(slash + 1);
  if (slash < 1 || !name) throw bad(AGENT_LABELS.model, `must be "provider/name", got "${value}"`);
  if (!isProviderName(provider)) throw bad(AGENT_LABELS.model, `names the provider "${provider}", which is not one of ${PROVIDER_NAMES.join(", ")}`);
  return { provider, name };
}

/** The exec form `["redis-server", "--port", "6379"]`, or a shell command line run by the image's `sh -c`. */
function toolsCommandOf(value: string): string[] {
  if (value.trim() === "") throw bad(AGENT_LABELS.toolsCommand, "is empty");
  let argv: unknown = ["sh", "-c", value];
  if (value.trimStart().startsWith("[")) {
    try {
      argv = JSON.parse(value);
    } catch {
      throw bad(AGENT_LABELS.toolsCommand, "starts with [ but is not a JSON array");
    }
  }
  const problem = toolsCommandProblem(argv);
  if (problem) throw bad(AGENT_LABELS.toolsCommand, problem);
  return argv as string[];
}

const POLICY_LISTS = ["allow", "ask", "deny"] as const;

function policyOf(value: string): PermissionPolicy {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw bad(AGENT_LABELS.permissionPolicy, "is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw bad(AGENT_LABELS.permissionPolicy, "must be a JSON object");
  const policy: PermissionPolicy = {};
  for (const [key, entry] of Object.entries(parsed)) {
    if ((POLICY_LISTS as readonly string[]).includes(key)) {
      if (!Array.isArray(entry) || !entry.every((rule) => typeof rule === "string")) throw bad(AGENT_LABELS.permissionPolicy, `"${key}" must be a list of rules (strings)`);
      policy[key as (typeof POLICY_LISTS)[number]] = entry as string[];
    } else if (key === "default") {
      if (entry !== "allow" && entry !== "ask" && entry !== "deny") throw bad(AGENT_LABELS.permissionPolicy, `"default" must be allow, ask or deny`);
      policy.default = entry;
    } else throw bad(AGENT_LABELS.permissionPolicy, `has an unknown key "${key}" (allowed: allow, ask, deny, default)`);
  }
  return policy;
}

function bad(label: string, problem: string) {
  return imageError(`the image label ${label} ${problem}`);
}
