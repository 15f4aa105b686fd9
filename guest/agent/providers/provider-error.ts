import { A3sError, ErrorCodes } from "../../../common/errors";

export interface ProviderErrorDetails {
  provider: string;
  status?: number;
  /** From the Retry-After header, when the provider sent one. */
  retryAfterMs?: number;
}

/** The A3sError for an HTTP error answer of a provider. */
export function providerHttpError(provider: string, status: number, message: string, retryAfter?: string | null): A3sError {
  const details: ProviderErrorDetails = { provider, status };
  const retryAfterMs = parseRetryAfter(retryAfter);
  if (retryAfterMs !== undefined) details.retryAfterMs = retryAfterMs;
  const text = `${provider} answered ${status}: ${message}`;
  if (status === 401 || status === 403) {
    return new A3sError(ErrorCodes.PROVIDER_AUTH, `${text}. Check the API key (or the model gateway's credentials).`, { details });
  }
  if (status === 429) return new A3sError(ErrorCodes.PROVIDER_RATE_LIMITED, text, { details });
  return new A3sError(ErrorCodes.PROVIDER_ERROR, text, { details });
}

/** The A3sError for a request that never got an answer (connection refused, reset, DNS). */
export function providerNetworkError(provider: string, baseUrl: string, cause: unknown): A3sError {
  const reason = cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause);
  return new A3sError(ErrorCodes.UNAVAILABLE, `cannot reach ${provider} at ${baseUrl}: ${reason}`, {
    cause,
    details: { provider } satisfies ProviderErrorDetails,
  });
}

export function parseRetryAfter(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
