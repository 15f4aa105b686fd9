import { imageError } from "./errors";

/** What a box needs from an image's config (the OCI image config's `config` object). */
export interface ImageConfig {
  env: string[];
  entrypoint: string[];
  cmd: string[];
  workingDir: string;
  user: string;
  labels: Record<string, string>;
  /** Labels under `box.a3s.agent.`, as a nested object (see docs/images.md). */
  agent: Record<string, unknown>;
}

export const AGENT_LABEL_PREFIX = "box.a3s.agent.";

interface RawConfig {
  architecture?: string;
  os?: string;
  variant?: string;
  config?: { Env?: string[] | null; Entrypoint?: string[] | null; Cmd?: string[] | null; WorkingDir?: string; User?: string; Labels?: Record<string, string> | null };
}

export function parseConfigBlob(bytes: Uint8Array): RawConfig {
  try {
    return JSON.parse(Buffer.from(bytes).toString("utf8")) as RawConfig;
  } catch (error) {
    throw imageError("the image config is not valid JSON", error);
  }
}

export function platformOfConfig(raw: RawConfig): string {
  return [raw.os ?? "linux", raw.architecture ?? "unknown", raw.variant].filter(Boolean).join("/");
}

export function imageConfig(raw: RawConfig): ImageConfig {
  const c = raw.config ?? {};
  const labels = { ...(c.Labels ?? {}) };
  return {
    env: [...(c.Env ?? [])],
    entrypoint: [...(c.Entrypoint ?? [])],
    cmd: [...(c.Cmd ?? [])],
    workingDir: c.WorkingDir ?? "",
    user: c.User ?? "",
    labels,
    agent: agentConfigFromLabels(labels),
  };
}

/**
 * `box.a3s.agent.model.name=claude` → `{ model: { name: "claude" } }`. Values that read as
 * JSON (numbers, booleans, arrays, objects, quoted strings) are parsed; others stay strings.
 */
export function agentConfigFromLabels(labels: Record<string, string>): Record<string, unknown> {
  const agent: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))) {
    if (!key.startsWith(AGENT_LABEL_PREFIX)) continue;
    const path = key.slice(AGENT_LABEL_PREFIX.length).split(".");
    if (path.some((p) => !p || p === "__proto__" || p === "constructor" || p === "prototype")) {
      throw imageError(`invalid agent label "${key}": empty or reserved key segment`);
    }
    let node = agent;
    for (const segment of path.slice(0, -1)) {
      const next = node[segment];
      if (typeof next !== "object" || next === null || Array.isArray(next)) node[segment] = {};
      node = node[segment] as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = labelValue(value);
  }
  return agent;
}

function labelValue(value: string): unknown {
  if (!/^\s*(?:[[{"\d-]|true\b|false\b|null\b)/.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/**
 * The config of images layered in order (a business image, then the agent layer): later
 * images override environment variables by name, labels by key, and the command, working
 * folder and user when they set them.
 */
export function composeConfigs(configs: ImageConfig[]): ImageConfig {
  const env = new Map<string, string>();
  const out: ImageConfig = { env: [], entrypoint: [], cmd: [], workingDir: "", user: "", labels: {}, agent: {} };
  for (const c of configs) {
    for (const entry of c.env) env.set(entry.split("=")[0]!, entry);
    Object.assign(out.labels, c.labels);
    if (c.entrypoint.length > 0) {
      out.entrypoint = c.entrypoint;
      out.cmd = c.cmd;
    } else if (c.cmd.length > 0) out.cmd = c.cmd;
    if (c.workingDir) out.workingDir = c.workingDir;
    if (c.user) out.user = c.user;
  }
  out.env = [...env.values()];
  out.agent = agentConfigFromLabels(out.labels);
  return out;
}
