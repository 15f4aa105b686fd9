import { DEFAULT_AGENT_PORT } from "../common/proto";
import { DEFAULT_PROVIDER, PROVIDERS, PROVIDER_NAMES, isProviderName, type ProviderName } from "../common/providers";

export interface A3sConfig {
  /** The agent's address: A3S_SERVER_ADDRESS, else localhost:4088. */
  address: string;
  /** The agent's token, from A3S_AGENT_TOKEN. */
  token?: string;
  /** LLM_PROVIDER, else anthropic. */
  provider: string;
  /** LLM_MODEL, else the provider's default model. */
  model?: string;
  /** Base URLs set in the environment (ANTHROPIC_BASE_URL, OPENAI_BASE_URL, …, OLLAMA_HOST). */
  baseUrls: Partial<Record<ProviderName, string>>;
  /** Which providers have an API key in the environment (the keys themselves are not returned). */
  apiKeysSet: ProviderName[];
}

/** The SDK's configuration as the environment sets it. */
export function getConfig(env: Record<string, string | undefined> = process.env): A3sConfig {
  const provider = env["LLM_PROVIDER"] || DEFAULT_PROVIDER;
  const model = env["LLM_MODEL"] || (isProviderName(provider) ? PROVIDERS[provider].defaultModel : undefined);
  const baseUrls: A3sConfig["baseUrls"] = {};
  const apiKeysSet: ProviderName[] = [];
  for (const name of PROVIDER_NAMES) {
    const spec = PROVIDERS[name];
    const url = env[spec.baseUrlVar];
    if (url) baseUrls[name] = url;
    if (spec.keyVar && env[spec.keyVar]) apiKeysSet.push(name);
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
