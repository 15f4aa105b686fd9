import { A3sError, ErrorCodes } from "../../../common/errors";
import { DEFAULT_MODEL, DEFAULT_PROVIDER, PROVIDERS, type ModelRef, type ProviderName } from "../../../common/session";
import { AnthropicProvider } from "./anthropic";
import type { ModelProvider } from "./model-provider";
import { OllamaProvider } from "./ollama";
import { OpenAiProvider } from "./openai";

/** OpenAI-compatible services: public base URL and the environment variables that override it. */
const OPENAI_COMPATIBLE = {
  openai: { baseUrl: "https://api.openai.com/v1", keyVar: "OPENAI_API_KEY", urlVar: "OPENAI_BASE_URL" },
  deepseek: { baseUrl: "https://api.deepseek.com", keyVar: "DEEPSEEK_API_KEY", urlVar: "DEEPSEEK_BASE_URL" },
  groq: { baseUrl: "https://api.groq.com/openai/v1", keyVar: "GROQ_API_KEY", urlVar: "GROQ_BASE_URL" },
  together: { baseUrl: "https://api.together.xyz/v1", keyVar: "TOGETHER_API_KEY", urlVar: "TOGETHER_BASE_URL" },
} as const;

export type Env = Record<string, string | undefined>;

/** The session's model, or the environment's (LLM_PROVIDER, LLM_MODEL), or the defaults. */
export function resolveModelRef(model: ModelRef | undefined, env: Env): ModelRef {
  if (model) return model;
  const provider = env["LLM_PROVIDER"] || DEFAULT_PROVIDER;
  if (!isProviderName(provider)) {
    throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `LLM_PROVIDER="${provider}" is not one of ${PROVIDERS.join(", ")}`);
  }
  return { provider, name: env["LLM_MODEL"] || (provider === DEFAULT_PROVIDER ? DEFAULT_MODEL : defaultModelFor(provider)) };
}

export function isProviderName(value: string): value is ProviderName {
  return (PROVIDERS as readonly string[]).includes(value);
}

function defaultModelFor(provider: ProviderName): string {
  switch (provider) {
    case "anthropic": return DEFAULT_MODEL;
    case "openai": return "gpt-4o";
    case "deepseek": return "deepseek-chat";
    case "groq": return "llama-3.3-70b-versatile";
    case "together": return "meta-llama/Llama-3.3-70B-Instruct-Turbo";
    case "ollama": return "llama3.1";
  }
}

/** Creates the provider client from the environment; providers are cached per name by the caller. */
export function createProvider(provider: ProviderName, env: Env): ModelProvider {
  if (provider === "anthropic") {
    return new AnthropicProvider({ apiKey: env["ANTHROPIC_API_KEY"] || undefined, baseUrl: env["ANTHROPIC_BASE_URL"] || undefined });
  }
  if (provider === "ollama") return new OllamaProvider(env["OLLAMA_HOST"] || undefined);
  const preset = OPENAI_COMPATIBLE[provider];
  return new OpenAiProvider({
    name: provider,
    apiKey: env[preset.keyVar] || undefined,
    baseUrl: env[preset.urlVar] || preset.baseUrl,
  });
}

/** The model's context window in tokens, when the session does not set one. */
export function defaultContextWindow(model: ModelRef): number {
  if (model.provider === "anthropic") return 200_000;
  if (model.provider === "ollama") return 8192;
  if (model.provider === "deepseek") return 64_000;
  return 128_000;
}

