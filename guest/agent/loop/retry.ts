import { A3sError, ErrorCodes } from "../../../common/errors";
import type { ProviderErrorDetails } from "../providers/provider-error";

export interface RetryPolicy {
  /** Tries in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 30_000 };

/** 429, 5xx and network failures are worth another try; 400, 401, 403 and the like never are. */
export function isRetryable(err: unknown): boolean {
  if (!A3sError.is(err)) return false;
  if (err.code === ErrorCodes.PROVIDER_RATE_LIMITED || err.code === ErrorCodes.UNAVAILABLE) return true;
  const status = (err.details as ProviderErrorDetails | undefined)?.status;
  return err.code === ErrorCodes.PROVIDER_ERROR && status !== undefined && status >= 500;
}

/** Exponential backoff with full jitter, or exactly what Retry-After asked for. */
export function retryDelayMs(err: unknown, attempt: number, policy: RetryPolicy): number {
  const retryAfter = A3sError.is(err) ? (err.details as ProviderErrorDetails | undefined)?.retryAfterMs : undefined;
  if (retryAfter !== undefined) return Math.min(retryAfter, policy.maxDelayMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.random() * ceiling;
}

/**
 * Streams from `start()`, starting again on a retryable failure that came before the first
 * event; once events have flowed, a failure is final (they cannot be taken back).
 */
export async function* streamWithRetry<T>(
  start: () => AsyncIterable<T>,
  policy: RetryPolicy,
  signal: AbortSignal,
): AsyncIterable<T> {
  for (let attempt = 1; ; attempt++) {
    let started = false;
    try {
      for await (const event of start()) {
        started = true;
        yield event;
      }
      return;
    } catch (err) {
      if (started || signal.aborted || attempt >= policy.maxAttempts || !isRetryable(err)) throw err;
      await sleep(retryDelayMs(err, attempt, policy), signal);
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new A3sError(ErrorCodes.CANCELLED, "cancelled while waiting to retry"));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
