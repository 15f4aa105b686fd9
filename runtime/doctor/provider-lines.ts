import type { DoctorLine } from "../../common/doctor";
import { PROVIDER_NAMES, PROVIDERS } from "../../common/providers";
import { resolveUpstreams, type Env } from "../gateway/providers";

const PROBE_MS = 5000;

/** One line per configured provider (a key, or Ollama's host set): configured, and reachable from this host. */
export async function providerLines(env: Env): Promise<DoctorLine[]> {
  let upstreams: ReturnType<typeof resolveUpstreams>;
  try {
    upstreams = resolveUpstreams(env);
  } catch (error) {
    return [{ check: "providers", status: "warn", detail: (error as Error).message, fix: "correct the base URL in Settings or the environment" }];
  }
  const configured = PROVIDER_NAMES.filter((id) => upstreams[id].apiKey !== undefined || (id === "ollama" && env[PROVIDERS.ollama.baseUrlVar]));
  if (configured.length === 0) {
    return [{ check: "providers", status: "warn", detail: "no model provider is configured: boxes start, but their agent cannot call a model", fix: "set ANTHROPIC_API_KEY (or another provider's key), or add a key in Settings" }];
  }
  return Promise.all(
    configured.map(async (id): Promise<DoctorLine> => {
      const { baseUrl, apiKey } = upstreams[id];
      const how = apiKey ? `key set (${PROVIDERS[id].keyVar})` : `${PROVIDERS[id].baseUrlVar} set`;
      const reached = await reach(baseUrl);
      return reached.ok
        ? { check: `provider ${id}`, status: "ok", detail: `${how}; ${baseUrl.origin} answers (HTTP ${reached.status})` }
        : { check: `provider ${id}`, status: "warn", detail: `${how}; ${baseUrl.origin} unreachable: ${reached.why}`, fix: `check the network or ${PROVIDERS[id].baseUrlVar}` };
    }),
  );
}

/** Any HTTP answer counts: this asks whether the host can reach the service, not whether the key is good. */
async function reach(url: URL): Promise<{ ok: true; status: number } | { ok: false; why: string }> {
  try {
    const response = await fetch(url, { method: "GET", signal: AbortSignal.timeout(PROBE_MS), redirect: "manual" });
    await response.body?.cancel();
    return { ok: true, status: response.status };
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause;
    return { ok: false, why: cause?.message ?? (error as Error).message };
  }
}
