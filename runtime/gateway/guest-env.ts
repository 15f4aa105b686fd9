import { MODEL_ENV_VARS, PROVIDERS, PROVIDER_NAMES } from "../../common/providers";
import { CAPTURE_CONTENT_VAR } from "../../common/trace-attributes";
import type { Env } from "./providers";
import { TRACE_EXPORT_PATH } from "./trace-export";

/**
 * The agent's provider environment inside a box: each provider's base URL points at the
 * gateway (as the guest reaches it) under the box's token, and the provider and model names
 * pass through. No key variable at all: the gateway adds the host's key to each request.
 * With `traces`, the agent's OTLP exporter points at the gateway too (never at the host's
 * collector, whose URL and headers may hold credentials) and the content opt-in passes through.
 */
export function gatewayGuestEnv(options: { env: Env; gatewayUrl: string; token: string; traces?: boolean }): Record<string, string> {
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
  if (options.traces) {
    guestEnv["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = `${base}/${options.token}${TRACE_EXPORT_PATH}`;
    const capture = options.env[CAPTURE_CONTENT_VAR]?.trim();
    if (capture) guestEnv[CAPTURE_CONTENT_VAR] = capture;
  }
  return guestEnv;
}
