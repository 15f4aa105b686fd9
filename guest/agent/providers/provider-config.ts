import { PROVIDERS, modelFromEnv, type ProviderName } from "../../../common/providers";
import type { ModelRef } from "../../../common/session";
import type { ModelProvider } from "./model-provider";

export type Env = Record<string, string | undefined>;

/** The session's model, or the environment's (LLM_PROVIDER, LLM_MODEL), or the defaults. */
export function resolveModelRef(model: ModelRef | undefined, env: Env): ModelRef {
  return model ?? modelFromEnv(env);
}

/**
 * The provider client from the environment; providers are cached per name by the caller. Its
 * vendor SDK, most of the agent's code, is loaded at its first request rather than at the
 * agent's start (a box is ready sooner; see preload.ts).
 */
export function createProvider(provider: ProviderName, env: Env): ModelProvider {
  let loaded: Promise<ModelProvider> | undefined;
  return {
    name: provider,
    async *stream(request, signal) {
      loaded ??= loadProvider(provider, env);
      yield* (await loaded).stream(request, signal);
    },
  };
}

/** The vendor's client for `provider`, its SDK loaded now. */
export async function loadProvider(provider: ProviderName, env: Env): Promise<ModelProvider> {
  const spec = PROVIDERS[provider];
  const baseUrl = env[spec.baseUrlVar] || spec.defaultBaseUrl;
  const apiKey = spec.keyVar ? env[spec.keyVar] || undefined : undefined;
  switch (spec.wire) {
    case "anthropic-messages":
      return new (await import("./anthropic")).AnthropicProvider({ apiKey, baseUrl });
    case "ollama-chat":
      return new (await import("./ollama")).OllamaProvider(baseUrl);
    case "openai-chat":
      return new (await import("./openai")).OpenAiProvider({ name: provider, apiKey, baseUrl });
  }
}

/** The model's context window in tokens, when the session does not set one. */
export function defaultContextWindow(model: ModelRef): number {
  return PROVIDERS[model.provider].contextWindow;
}
