import { expect, it } from "vitest";
import { A3sError, ErrorCodes } from "../../../common/errors";
import { providerHttpError, providerNetworkError } from "../providers/provider-error";
import { isRetryable, retryDelayMs, streamWithRetry } from "./retry";

const policy = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1000 };

it("retries 429, 5xx and network failures, never 400, 401, 403", () => {
  expect(isRetryable(providerHttpError("x", 429, "slow"))).toBe(true);
  expect(isRetryable(providerHttpError("x", 500, "boom"))).toBe(true);
  expect(isRetryable(providerHttpError("x", 529, "overloaded"))).toBe(true);
  expect(isRetryable(providerNetworkError("x", "http://h", new Error("ECONNREFUSED")))).toBe(true);
  for (const status of [400, 401, 403, 404]) expect(isRetryable(providerHttpError("x", status, "no"))).toBe(false);
  expect(isRetryable(new Error("plain"))).toBe(false);
});

it("waits what Retry-After says (seconds or a date), capped, else backs off with jitter", () => {
  expect(retryDelayMs(providerHttpError("x", 429, "", "2"), 1, policy)).toBe(1000);
  expect(retryDelayMs(providerHttpError("x", 429, "", "0.25"), 1, { ...policy, maxDelayMs: 5000 })).toBe(250);
  const date = new Date(Date.now() + 60_000).toUTCString();
  expect(retryDelayMs(providerHttpError("x", 429, "", date), 1, policy)).toBe(1000);
  for (let attempt = 1; attempt <= 5; attempt++) {
    const delay = retryDelayMs(providerHttpError("x", 500, ""), attempt, { baseDelayMs: 100, maxDelayMs: 1000, maxAttempts: 9 });
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThanOrEqual(Math.min(1000, 100 * 2 ** (attempt - 1)));
  }
});

it("starts the stream again only before the first event, up to the limit", async () => {
  let calls = 0;
  const flaky = async function* () {
    calls += 1;
    if (calls < 3) throw providerHttpError("x", 503, "busy", "0");
    yield "a";
    yield "b";
  };
  const got: string[] = [];
  for await (const e of streamWithRetry(flaky, policy, new AbortController().signal)) got.push(e);
  expect(got).toEqual(["a", "b"]);
  expect(calls).toBe(3);

  calls = 0;
  const midway = async function* () {
    calls += 1;
    yield "a";
    throw providerHttpError("x", 503, "busy", "0");
  };
  await expect(async () => {
    for await (const _ of streamWithRetry(midway, policy, new AbortController().signal));
  }).rejects.toMatchObject({ code: ErrorCodes.PROVIDER_ERROR });
  expect(calls).toBe(1);

  calls = 0;
  const always = async function* (): AsyncGenerator<string> {
    calls += 1;
    yield* [];
    throw providerHttpError("x", 429, "slow", "0");
  };
  await expect(async () => {
    for await (const _ of streamWithRetry(always, policy, new AbortController().signal));
  }).rejects.toSatisfy((e) => A3sError.is(e, ErrorCodes.PROVIDER_RATE_LIMITED));
  expect(calls).toBe(3);
});
