import { PROVIDERS, PROVIDER_IDS, type Env } from "./providers";

/** Provider settings that are not secret and go into the guest unchanged. */
const PASSED_THROUGH = ["LLM_PROVIDER", "LLM_MODEL"] as const;

/**
 * The agent's provider environment inside a box: each provider's base URL points at the
 * gateway (as the guest reaches it) under the box's token, and the provider and model names
 * pass through. No key variable at all: the gateway adds the host's key to each request.
 */
export function gatewayGuestEnv(options: { env: Env; gatewayUrl: string; token: string }): Record<string, string> {
  const base = options.gatewayUrl.replace(/\/+$/, "");
  const guestEnv: Record<string, string> = {};
  for (const id of PROVIDER_IDS) {
    const spec = PROVIDERS[id];
    guestEnv[spec.baseUrlVar] = `${base}/${options.token}/${id}${spec.guestPathSuffix}`;
  }
  for (const name of PASSED_THROUGH) {
    const value = options.env[name]?.trim();
    if (value) guestEnv[name] = value;
  }
  return guestEnv;
}
