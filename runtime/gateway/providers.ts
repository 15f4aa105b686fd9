import { A3sError, ErrorCodes } from "../../common/errors";

/**
 * The model providers the gateway serves, and where each one's real endpoint and key come
 * from on the host: the same environment variables the agent reads.
 */
export const PROVIDER_IDS = ["anthropic", "openai", "deepseek", "groq", "together", "ollama"] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** How a provider authenticates, which also decides the shape of its error bodies. */
export type ProviderAuth = "anthropic" | "bearer" | "none";

export interface ProviderSpec {
  id: ProviderId;
  auth: ProviderAuth;
  /** The variable holding the base URL, on the host and (pointing at the gateway) in the guest. */
  baseUrlVar: string;
  defaultBaseUrl: string;
  /** The variable holding the API key; absent for providers without one. */
  keyVar?: string;
  /**
   * Path the guest-side base URL ends in, by the vendor SDK's convention: OpenAI-compatible
   * base URLs end in /v1, Anthropic's and Ollama's do not. The host's base URL follows the
   * same convention, so the gateway swaps one prefix for the other.
   */
  guestPathSuffix: string;
}

export const PROVIDERS: Readonly<Record<ProviderId, ProviderSpec>> = {
  anthropic: {
    id: "anthropic",
    auth: "anthropic",
    baseUrlVar: "ANTHROPIC_BASE_URL",
    defaultBaseUrl: "https://api.anthropic.com",
    keyVar: "ANTHROPIC_API_KEY",
    guestPathSuffix: "",
  },
  openai: {
    id: "openai",
    auth: "bearer",
    baseUrlVar: "OPENAI_BASE_URL",
    defaultBaseUrl: "https://api.openai.com/v1",
    keyVar: "OPENAI_API_KEY",
    guestPathSuffix: "/v1",
  },
  deepseek: {
    id: "deepseek",
    auth: "bearer",
    baseUrlVar: "DEEPSEEK_BASE_URL",
    defaultBaseUrl: "https://api.deepseek.com/v1",
    keyVar: "DEEPSEEK_API_KEY",
    guestPathSuffix: "/v1",
  },
  groq: {
    id: "groq",
    auth: "bearer",
    baseUrlVar: "GROQ_BASE_URL",
    defaultBaseUrl: "https://api.groq.com/openai/v1",
    keyVar: "GROQ_API_KEY",
    guestPathSuffix: "/v1",
  },
  together: {
    id: "together",
    auth: "bearer",
    baseUrlVar: "TOGETHER_BASE_URL",
    defaultBaseUrl: "https://api.together.xyz/v1",
    keyVar: "TOGETHER_API_KEY",
    guestPathSuffix: "/v1",
  },
  ollama: {
    id: "ollama",
    auth: "none",
    baseUrlVar: "OLLAMA_HOST",
    defaultBaseUrl: "http://127.0.0.1:11434",
    guestPathSuffix: "",
  },
};

export function isProviderId(value: string): value is ProviderId {
  return (PROVIDER_IDS as readonly string[]).includes(value);
}

/** A provider as configured on this host: where requests go and the key they carry. */
export interface UpstreamConfig {
  spec: ProviderSpec;
  baseUrl: URL;
  /** Undefined when the provider needs a key and the host has none (requests are refused). */
  apiKey?: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Reads each provider's upstream from the host environment. Throws INVALID_ARGUMENT on a malformed base URL. */
export function resolveUpstreams(env: Env): Record<ProviderId, UpstreamConfig> {
  const entries = PROVIDER_IDS.map((id) => {
    const spec = PROVIDERS[id];
    const raw = env[spec.baseUrlVar]?.trim() || spec.defaultBaseUrl;
    const apiKey = spec.keyVar ? env[spec.keyVar]?.trim() || undefined : undefined;
    return [id, { spec, baseUrl: parseBaseUrl(spec, raw), ...(apiKey ? { apiKey } : {}) }] as const;
  });
  return Object.fromEntries(entries) as Record<ProviderId, UpstreamConfig>;
}

function parseBaseUrl(spec: ProviderSpec, raw: string): URL {
  // Ollama's own convention allows a bare host[:port] (OLLAMA_HOST=127.0.0.1:11434).
  const withScheme = spec.id === "ollama" && !raw.includes("://") ? `http://${raw}` : raw;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `${spec.baseUrlVar}="${raw}" is not a URL (expected e.g. ${spec.defaultBaseUrl})`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `${spec.baseUrlVar}="${raw}" must be an http or https URL`);
  }
  if (spec.id === "ollama" && url.port === "" && !raw.includes("://")) url.port = "11434";
  // Ollama binds to 0.0.0.0 by the same variable; as a destination that means this host.
  if (url.hostname === "0.0.0.0") url.hostname = "127.0.0.1";
  url.search = "";
  url.hash = "";
  return url;
}
