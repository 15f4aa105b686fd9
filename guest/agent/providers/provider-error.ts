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
  if (status === 402) {
    return new A3sError(ErrorCodes.BUDGET_EXHAUSTED, `${text}. Ask the person running the box for more budget.`, { details });
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

/** The error classes of a vendor SDK generated the same way (Anthropic's and OpenAI's are). */
export interface SdkErrorClasses {
  abort: abstract new (...args: never[]) => Error;
  connection: abstract new (...args: never[]) => Error;
  api: abstract new (...args: never[]) => Error & { status?: number; headers?: Headers; error?: unknown };
}

/** A vendor SDK's failure as an A3sError; `messageOf` digs the vendor's message out of the error body. */
export function sdkErrorToA3s(
  provider: string,
  baseUrl: string,
  err: unknown,
  classes: SdkErrorClasses,
  messageOf: (body: unknown) => string | undefined,
): unknown {
  if (A3sError.is(err)) return err;
  if (err instanceof classes.abort) return new A3sError(ErrorCodes.CANCELLED, "the model request was cancelled");
  if (err instanceof classes.connection) return providerNetworkError(provider, baseUrl, err);
  if (err instanceof classes.api && typeof err.status === "number") {
    return providerHttpError(provider, err.status, messageOf(err.error) ?? err.message, err.headers?.get("retry-after"));
  }
  return err;
}
