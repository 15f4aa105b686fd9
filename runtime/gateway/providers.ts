import { A3sError, ErrorCodes } from "../../common/errors";
import { PROVIDERS, PROVIDER_NAMES, type ProviderName, type ProviderSpec } from "../../common/providers";

/** A provider as configured on this host: where requests go and the key they carry. */
export interface UpstreamConfig {
  spec: ProviderSpec;
  baseUrl: URL;
  /** Undefined when the provider needs a key and the host has none (requests are refused). */
  apiKey?: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Reads each provider's upstream from the host environment. Throws INVALID_ARGUMENT on a malformed base URL. */
export function resolveUpstreams(env: Env): Record<ProviderName, UpstreamConfig> {
  const entries = PROVIDER_NAMES.map((id) => {
    const spec = PROVIDERS[id];
    const raw = env[spec.baseUrlVar]?.trim() || spec.defaultBaseUrl;
    const apiKey = spec.keyVar ? env[spec.keyVar]?.trim() || undefined : undefined;
    return [id, { spec, baseUrl: parseBaseUrl(spec, raw), ...(apiKey ? { apiKey } : {}) }] as const;
  });
  return Object.fromEntries(entries) as Record<ProviderName, UpstreamConfig>;
}

function parseBaseUrl(spec: ProviderSpec, raw: string): URL {
  // Ollama's own convention allows a bare host[:port] (OLLAMA_HOST=127.0.0.1:11434).
  const withScheme = spec.name === "ollama" && !raw.includes("://") ? `http://${raw}` : raw;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `${spec.baseUrlVar}="${raw}" is not a URL (expected e.g. ${spec.defaultBaseUrl})`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `${spec.baseUrlVar}="${raw}" must be an http or https URL`);
  }
  if (spec.name === "ollama" && url.port === "" && !raw.includes("://")) url.port = new URL(spec.defaultBaseUrl).port;
  // Ollama binds to 0.0.0.0 by the same variable; as a destination that means this host.
  if (url.hostname === "0.0.0.0") url.hostname = "127.0.0.1";
  url.search = "";
  url.hash = "";
  return url;
}
