/**
 * Settings as the UI sees them (never the keys themselves), and the environment that a
 * booted box's model gateway gets from them.
 */
import { DEFAULT_UI_POLICY, type Settings, type SettingsUpdate } from "../../common/box-api";
import { DEFAULT_PRICES, withPriceOverrides, type PriceTable } from "../../common/prices";
import { PROVIDERS, PROVIDER_NAMES, isProviderName, modelFromEnv } from "../../common/providers";
import type { SecretStore } from "./secret-store";
import type { StoredSettings } from "./state-store";

/**
 * First-run settings: the model the environment names, as the agent reads it (an unknown
 * LLM_PROVIDER falls back to the default provider and its default model).
 */
export function initialSettings(env: NodeJS.ProcessEnv): StoredSettings {
  const named = env["LLM_PROVIDER"]?.trim();
  const defaultModel = modelFromEnv(named && !isProviderName(named) ? {} : env);
  return { defaultModel, defaultPolicy: DEFAULT_UI_POLICY, providerBaseUrls: {}, priceOverrides: [] };
}

export async function publicSettings(stored: StoredSettings, secrets: SecretStore): Promise<Settings> {
  const withKeys = new Set(await secrets.providersWithKeys());
  return {
    providers: PROVIDER_NAMES.map((provider) => ({
      provider,
      baseUrl: stored.providerBaseUrls[provider] ?? "",
      hasKey: withKeys.has(provider),
    })),
    defaultModel: stored.defaultModel,
    defaultPolicy: stored.defaultPolicy,
    priceOverrides: stored.priceOverrides,
    prices: effectivePrices(stored),
  };
}

/** The prices boxes' gateways cost tokens by: the shipped table with the settings' overrides. */
export function effectivePrices(stored: StoredSettings): PriceTable {
  return withPriceOverrides(DEFAULT_PRICES, stored.priceOverrides);
}

export function applySettingsUpdate(stored: StoredSettings, update: SettingsUpdate): StoredSettings {
  return {
    defaultModel: update.defaultModel ?? stored.defaultModel,
    defaultPolicy: update.defaultPolicy ?? stored.defaultPolicy,
    providerBaseUrls: { ...stored.providerBaseUrls, ...update.providerBaseUrls },
    priceOverrides: update.priceOverrides ?? stored.priceOverrides,
  };
}

export function ollamaHost(stored: StoredSettings, env: NodeJS.ProcessEnv): string {
  return stored.providerBaseUrls.ollama || env[PROVIDERS.ollama.baseUrlVar] || PROVIDERS.ollama.defaultBaseUrl;
}

/** The provider variables a booted box's gateway reads: base URLs and keys, on the host only. */
export async function providerEnvironment(stored: StoredSettings, secrets: SecretStore): Promise<Record<string, string>> {
  const env: Record<string, string> = { LLM_PROVIDER: stored.defaultModel.provider, LLM_MODEL: stored.defaultModel.name };
  for (const provider of PROVIDER_NAMES) {
    const { baseUrlVar, keyVar } = PROVIDERS[provider];
    const baseUrl = stored.providerBaseUrls[provider];
    if (baseUrl) env[baseUrlVar] = baseUrl;
    const key = keyVar ? await secrets.get(provider) : undefined;
    if (keyVar && key) env[keyVar] = key;
  }
  return env;
}
