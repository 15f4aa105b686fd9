import { DEFAULT_AGENT_PORT } from "../common/proto";
import { DEFAULT_MODEL, DEFAULT_PROVIDER, type ProviderName } from "../common/session";

export interface A3sConfig {
  /** The agent's address: A3S_SERVER_ADDRESS, else localhost:4088. */
  address: string;
  /** The agent's token, from A3S_AGENT_TOKEN. */
  token?: string;
  /** LLM_PROVIDER, else anthropic. */
  provider: string;
  /** LLM_MODEL, else the provider's default (claude-sonnet-4-20250514 for anthropic). */
  model?: string;
  /** Base URLs set in the environment (ANTHROPIC_BASE_URL, OPENAI_BASE_URL, …, OLLAMA_HOST). */
  baseUrls: Partial<Record<ProviderName, string>>;
  /** Which providers have an API key in the environment (the keys themselves are not returned). */
  apiKeysSet: ProviderName[];
}

const ENV_NAMES: Record<ProviderName, { url: string; key?: string }> = {
  anthropic: { url: "ANTHROPIC_BASE_URL", key: "ANTHROPIC_API_KEY" },
  openai: { url: "OPENAI_BASE_URL", key: "OPENAI_API_KEY" },
  deepseek: { url: "DEEPSEEK_BASE_URL", key: "DEEPSEEK_API_KEY" },
  groq: { url: "GROQ_BASE_URL", key: "GROQ_API_KEY" },
  together: { url: "TOGETHER_BASE_URL", key: "TOGETHER_API_KEY" },
  ollama: { url: "OLLAMA_HOST" },
};

/** The SDK's configuration as the environment sets it. */
export function getConfig(env: Record<string, string | undefined> = process.env): A3sConfig {
  const provider = env["LLM_PROVIDER"] || DEFAULT_PROVIDER;
  const model = env["LLM_MODEL"] || (provider === DEFAULT_PROVIDER ? DEFAULT_MODEL : undefined);
  const baseUrls: A3sConfig["baseUrls"] = {};
  const apiKeysSet: ProviderName[] = [];
  for (const [name, vars] of Object.entries(ENV_NAMES) as Array<[ProviderName, { url: string; key?: string }]>) {
    const url = env[vars.url];
    if (url) baseUrls[name] = url;
    if (vars.key && env[vars.key]) apiKeysSet.push(name);
  }
  return {
    address: env["A3S_SERVER_ADDRESS"] || `localhost:${DEFAULT_AGENT_PORT}`,
    ...(env["A3S_AGENT_TOKEN"] ? { token: env["A3S_AGENT_TOKEN"] } : {}),
    provider,
    ...(model ? { model } : {}),
    baseUrls,
    apiKeysSet,
  };
}
