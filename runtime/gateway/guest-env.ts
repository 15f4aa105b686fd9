import { MODEL_ENV_VARS, PROVIDERS, PROVIDER_NAMES } from "../../common/providers";
import type { Env } from "./providers";

/**
 * The agent's provider environment inside a box: each provider's base URL points at the
 * gateway (as the guest reaches it) under the box's token, and the provider and model names
 * pass through. No key variable at all: the gateway adds the host's key to each request.
 */
export function gatewayGuestEnv(options: { env: Env; gatewayUrl: string; token: string }): Record<string, string> {
  const base = options.gatewayUrl.replace(/\/+$/, "");
  const guestEnv: Record<string, string> = {};
  for (const id of PROVIDER_NAMES) {
    const spec = PROVIDERS[id];
    guestEnv[spec.baseUrlVar] = `${base}/${options.token}/${id}${spec.guestPathSuffix}`;
  }
  // The model choice is not secret and goes into the guest unchanged.
  for (const name of MODEL_ENV_VARS) {
    const value = options.env[name]?.trim();
    if (value) guestEnv[name] = value;
  }
  return guestEnv;
}
