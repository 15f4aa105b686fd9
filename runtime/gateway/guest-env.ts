import { PROVIDERS, PROVIDER_IDS, type Env } from "./providers";

/**
 * What the guest's vendor SDKs get instead of a key. They refuse to start without one; the
 * gateway throws it away and sends the host's real key upstream. It is public on purpose.
 */
export const GATEWAY_PLACEHOLDER_KEY = "a3s-box-gateway";

/** Provider settings that are not secret and go into the guest unchanged. */
const PASSED_THROUGH = ["LLM_PROVIDER", "LLM_MODEL"] as const;

/**
 * The agent's provider environment inside a box: each provider's base URL points at the
 * gateway (as the guest reaches it) under the box's token, each key variable holds only the
 * public placeholder, and the provider and model names pass through. No host key, ever.
 */
export function gatewayGuestEnv(options: { env: Env; gatewayUrl: string; token: string }): Record<string, string> {
  const base = options.gatewayUrl.replace(/\/+$/, "");
  const guestEnv: Record<string, string> = {};
  for (const id of PROVIDER_IDS) {
    const spec = PROVIDERS[id];
    guestEnv[spec.baseUrlVar] = `${base}/${options.token}/${id}${spec.guestPathSuffix}`;
    if (spec.keyVar !== undefined) guestEnv[spec.keyVar] = GATEWAY_PLACEHOLDER_KEY;
  }
  for (const name of PASSED_THROUGH) {
    const value = options.env[name]?.trim();
    if (value) guestEnv[name] = value;
  }
  return guestEnv;
}
