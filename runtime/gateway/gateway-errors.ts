import type { ServerResponse } from "node:http";
import type { ProviderAuth } from "../../common/providers";

/** Status codes of the gateway's own refusals (upstream statuses pass through untouched). */
export const GatewayStatus = {
  WRONG_TOKEN: 403,
  NOT_INFERENCE: 403,
  NOT_FOUND: 404,
  MISSING_KEY: 401,
  UPSTREAM_UNREACHABLE: 502,
} as const;

const ANTHROPIC_ERROR_TYPES: Record<number, string> = {
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  502: "api_error",
};

/**
 * The gateway's own errors, written in the provider's wire format so that the vendor SDK
 * in the guest surfaces the message as it would one from the vendor. Without a known
 * provider, one body that both the Anthropic and the OpenAI SDKs read (`error.message`).
 */
export function errorBody(auth: ProviderAuth | undefined, status: number, message: string): unknown {
  const type = ANTHROPIC_ERROR_TYPES[status] ?? "api_error";
  switch (auth) {
    case "none":
      return { error: message };
    case "bearer":
      return { error: { message, type, code: `a3s_gateway_${status}` } };
    default:
      return { type: "error", error: { type, message } };
  }
}

export function sendGatewayError(
  res: ServerResponse,
  auth: ProviderAuth | undefined,
  status: number,
  message: string,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify(errorBody(auth, status, `a3s-box model gateway: ${message}`));
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}
