import { DEFAULT_AGENT_PORT } from "../common/proto";
import { PROVIDERS, PROVIDER_NAMES, modelFromEnv, type ProviderName } from "../common/providers";
import type { ModelRef } from "../common/session";

/** The SDK's configuration in the design's shape (`serverAddress`, `model: { provider, name }`). */
export interface A3sConfig {
  /** The agent's address: A3S_SERVER_ADDRESS, else localhost:4088. */
  serverAddress: string;
  /** The agent's token, from A3S_AGENT_TOKEN. */
  token?: string;
  /** LLM_PROVIDER (else anthropic) and LLM_MODEL (else that provider's default model). */
  model: ModelRef;
  /** Base URLs set in the environment (ANTHROPIC_BASE_URL, OPENAI_BASE_URL, …, OLLAMA_HOST). */
  baseUrls: Partial<Record<ProviderName, string>>;
  /** Which providers have an API key in the environment (the keys themselves are not returned). */
  apiKeysSet: ProviderName[];
}

type Env = Record<string, string | undefined>;

/** The SDK's configuration as the environment sets it; an unknown LLM_PROVIDER is an INVALID_ARGUMENT. */
export function getConfig(env: Env = process.env): A3sConfig {
  const baseUrls: A3sConfig["baseUrls"] = {};
  const apiKeysSet: ProviderName[] = [];
  for (const name of PROVIDER_NAMES) {
    const spec = PROVIDERS[name];
    const url = env[spec.baseUrlVar];
    if (url) baseUrls[name] = url;
    if (spec.keyVar && env[spec.keyVar]) apiKeysSet.push(name);
  }
  return { ...agentEndpoint(env), model: modelFromEnv(env), baseUrls, apiKeysSet };
}

/** Where the agent is and how to authenticate, from the environment. */
export function agentEndpoint(env: Env = process.env): { serverAddress: string; token?: string } {
  return {
    serverAddress: env["A3S_SERVER_ADDRESS"] || `localhost:${DEFAULT_AGENT_PORT}`,
    ...(env["A3S_AGENT_TOKEN"] ? { token: env["A3S_AGENT_TOKEN"] } : {}),
  };
}
