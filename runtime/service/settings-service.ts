/**
 * Settings as the UI sees them (never the keys themselves), and the environment that a
 * booted box's model gateway gets from them.
 */
import { DEFAULT_UI_POLICY, type Settings, type SettingsUpdate } from "../../common/box-api";
import { PROVIDERS, type ModelRef, type ProviderName } from "../../common/session";
import { DEFAULT_OLLAMA_HOST } from "./ollama-probe";
import type { SecretStore } from "./secret-store";
import type { StoredSettings } from "./state-store";

const KEY_ENV: Record<ProviderName, string | undefined> = {
  anthropic: "ANTHROPIC_API_KEY",
  openai: "OPENAI_API_KEY",
  deepseek: "DEEPSEEK_API_KEY",
  groq: "GROQ_API_KEY",
  together: "TOGETHER_API_KEY",
  ollama: undefined,
};

const BASE_URL_ENV: Record<ProviderName, string> = {
  anthropic: "ANTHROPIC_BASE_URL",
  openai: "OPENAI_BASE_URL",
  deepseek: "DEEPSEEK_BASE_URL",
  groq: "GROQ_BASE_URL",
  together: "TOGETHER_BASE_URL",
  ollama: "OLLAMA_HOST",
};

function isProvider(value: string | undefined): value is ProviderName {
  return (PROVIDERS as readonly string[]).includes(value ?? "");
}

/** First-run settings: the model the environment names (as the agent reads it), else Anthropic's default. */
export function initialSettings(env: NodeJS.ProcessEnv): StoredSettings {
  const provider = isProvider(env["LLM_PROVIDER"]) ? env["LLM_PROVIDER"] : "anthropic";
  const defaultModel: ModelRef = { provider, name: env["LLM_MODEL"] || "claude-sonnet-4-20250514" };
  return { defaultModel, defaultPolicy: DEFAULT_UI_POLICY, providerBaseUrls: {} };
}

export async function publicSettings(stored: StoredSettings, secrets: SecretStore): Promise<Settings> {
  const withKeys = new Set(await secrets.providersWithKeys());
  return {
    providers: PROVIDERS.map((provider) => ({
      provider,
      baseUrl: stored.providerBaseUrls[provider] ?? "",
      hasKey: withKeys.has(provider),
    })),
    defaultModel: stored.defaultModel,
    defaultPolicy: stored.defaultPolicy,
  };
}

export function applySettingsUpdate(stored: StoredSettings, update: SettingsUpdate): StoredSettings {
  return {
    defaultModel: update.defaultModel ?? stored.defaultModel,
    defaultPolicy: update.defaultPolicy ?? stored.defaultPolicy,
    providerBaseUrls: { ...stored.providerBaseUrls, ...update.providerBaseUrls },
  };
}

export function ollamaHost(stored: StoredSettings, env: NodeJS.ProcessEnv): string {
  return stored.providerBaseUrls.ollama || env["OLLAMA_HOST"] || DEFAULT_OLLAMA_HOST;
}

/** The provider variables a booted box's gateway reads: base URLs and keys, on the host only. */
export async function providerEnvironment(stored: StoredSettings, secrets: SecretStore): Promise<Record<string, string>> {
  const env: Record<string, string> = { LLM_PROVIDER: stored.defaultModel.provider, LLM_MODEL: stored.defaultModel.name };
  for (const provider of PROVIDERS) {
    const baseUrl = stored.providerBaseUrls[provider];
    if (baseUrl) env[BASE_URL_ENV[provider]] = baseUrl;
    const keyName = KEY_ENV[provider];
    const key = keyName ? await secrets.get(provider) : undefined;
    if (keyName && key) env[keyName] = key;
  }
  return env;
}
