// One provider table (common/providers.ts): every consumer reads it, and no copy of a
// provider fact lives anywhere else in the source.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { getConfig } from "../client/config";
import { PROVIDERS, PROVIDER_NAMES, type ProviderName } from "../common/providers";
import { scrubbedEnv } from "../common/node/scrubbed-env";
import { AnthropicProvider } from "../guest/agent/providers/anthropic";
import { OllamaProvider } from "../guest/agent/providers/ollama";
import { OpenAiProvider } from "../guest/agent/providers/openai";
import { defaultContextWindow, loadProvider, resolveModelRef } from "../guest/agent/providers/provider-config";
import { gatewayGuestEnv } from "../runtime/gateway/guest-env";
import { isInferenceRoute } from "../runtime/gateway/inference-routes";
import { resolveUpstreams } from "../runtime/gateway/providers";
import { initialSettings, ollamaHost, providerEnvironment } from "../runtime/service/settings-service";
import type { SecretStore } from "../runtime/service/secret-store";

const root = join(import.meta.dirname, "..");
const TABLE = "common/providers.ts";

function keyOf(name: ProviderName): string {
  return `key-of-${name}`;
}

const secrets: SecretStore = {
  get: async (provider) => keyOf(provider),
  set: async () => undefined,
  providersWithKeys: async () => [...PROVIDER_NAMES],
};

describe("every consumer reads the provider table", () => {
  it.each(PROVIDER_NAMES)("%s", async (name) => {
    const spec = PROVIDERS[name];
    const custom = `http://models.example:9/${name}`;

    const config = getConfig({ LLM_PROVIDER: name, [spec.baseUrlVar]: custom, ...(spec.keyVar ? { [spec.keyVar]: "k" } : {}) });
    expect(config.model).toEqual({ provider: name, name: spec.defaultModel });
    expect(config.baseUrls[name]).toBe(custom);
    expect(config.apiKeysSet).toEqual(spec.keyVar ? [name] : []);

    expect(resolveModelRef(undefined, { LLM_PROVIDER: name })).toEqual({ provider: name, name: spec.defaultModel });
    expect(defaultContextWindow({ provider: name, name: "any" })).toBe(spec.contextWindow);
    const wireClass = { "anthropic-messages": AnthropicProvider, "openai-chat": OpenAiProvider, "ollama-chat": OllamaProvider }[spec.wire];
    expect(await loadProvider(name, {})).toBeInstanceOf(wireClass);

    expect(initialSettings({ LLM_PROVIDER: name }).defaultModel).toEqual({ provider: name, name: spec.defaultModel });
    const hostEnv = await providerEnvironment({ ...initialSettings({}), providerBaseUrls: { [name]: custom } }, secrets);
    expect(hostEnv[spec.baseUrlVar]).toBe(custom);
    if (spec.keyVar) expect(hostEnv[spec.keyVar]).toBe(keyOf(name));

    const upstream = resolveUpstreams({})[name];
    expect(upstream.baseUrl.href.replace(/\/$/, "")).toBe(spec.defaultBaseUrl);
    expect(upstream.spec).toBe(spec);
    for (const route of spec.inferenceRoutes) expect(isInferenceRoute(name, route.method, route.path)).toBe(true);
    const guest = gatewayGuestEnv({ env: {}, gatewayUrl: "http://10.0.2.100", token: "t" });
    expect(guest[spec.baseUrlVar]).toBe(`http://10.0.2.100/t/${name}${spec.guestPathSuffix}`);

    const scrubbed = scrubbedEnv({ PATH: "/bin", [spec.baseUrlVar]: custom, ...(spec.keyVar ? { [spec.keyVar]: "k" } : {}) });
    expect(scrubbed).toEqual({ PATH: "/bin" });
  });

  it("gives ollama its own default model in the settings, not Claude", () => {
    expect(initialSettings({ LLM_PROVIDER: "ollama" }).defaultModel).toEqual({ provider: "ollama", name: "llama3.1" });
    expect(initialSettings({ LLM_PROVIDER: "no-such" }).defaultModel).toEqual({ provider: "anthropic", name: PROVIDERS.anthropic.defaultModel });
    expect(ollamaHost(initialSettings({}), {})).toBe(PROVIDERS.ollama.defaultBaseUrl);
  });

  it("sends DeepSeek to the same base URL from the agent, the client and the gateway", () => {
    expect(PROVIDERS.deepseek.defaultBaseUrl).toBe("https://api.deepseek.com/v1");
    expect(resolveUpstreams({}).deepseek.baseUrl.href).toBe("https://api.deepseek.com/v1");
  });
});

describe("no copy of a provider fact outside the table", () => {
  const sources = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*.ts", "*.tsx"], { cwd: root, encoding: "utf8" })
    .split("\n")
    .filter((file) => file && !/(^|\/)(test|bench|examples|docs|scripts)\/|\.test\.tsx?$|^common\/generated\//.test(file) && file !== TABLE);

  it.each(PROVIDER_NAMES)("%s", (name) => {
    const spec = PROVIDERS[name];
    const facts = [spec.baseUrlVar, spec.defaultBaseUrl, spec.defaultModel, ...(spec.keyVar ? [spec.keyVar] : [])];
    const copies = sources.flatMap((file) => {
      const text = readFileSync(join(root, file), "utf8");
      return facts.filter((fact) => text.includes(`"${fact}"`) || text.includes(`"${fact}/`)).map((fact) => `${file}: ${fact}`);
    });
    expect(copies).toEqual([]);
  });
});
