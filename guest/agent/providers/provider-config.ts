import { PROVIDERS, modelFromEnv, type ProviderName } from "../../../common/providers";
import type { ModelRef } from "../../../common/session";
import { AnthropicProvider } from "./anthropic";
import type { ModelProvider } from "./model-provider";
import { OllamaProvider } from "./ollama";
import { OpenAiProvider } from "./openai";

export type Env = Record<string, string | undefined>;

/** The session's model, or the environment's (LLM_PROVIDER, LLM_MODEL), or the defaults. */
export function resolveModelRef(model: ModelRef | undefined, env: Env): ModelRef {
  return model ?? modelFromEnv(env);
}

/** Creates the provider client from the environment; providers are cached per name by the caller. */
export function createProvider(provider: ProviderName, env: Env): ModelProvider {
  const spec = PROVIDERS[provider];
  const baseUrl = env[spec.baseUrlVar] || spec.defaultBaseUrl;
  const apiKey = spec.keyVar ? env[spec.keyVar] || undefined : undefined;
  switch (spec.wire) {
    case "anthropic-messages":
      return new AnthropicProvider({ apiKey, baseUrl });
    case "ollama-chat":
      return new OllamaProvider(baseUrl);
    case "openai-chat":
      return new OpenAiProvider({ name: provider, apiKey, baseUrl });
  }
}

/** The model's context window in tokens, when the session does not set one. */
export function defaultContextWindow(model: ModelRef): number {
  return PROVIDERS[model.provider].contextWindow;
}
