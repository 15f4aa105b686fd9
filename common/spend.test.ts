import { expect, it } from "vitest";
import { NO_SPEND, addSpend, formatUsd, spendLabel } from "./spend";

it("adds tokens and their cost, and counts the tokens it could not price apart", () => {
  const priced = addSpend(NO_SPEND, { inputTokens: 1000, outputTokens: 200 }, 0.006);
  const both = addSpend(priced, { inputTokens: 50, outputTokens: 5 }, undefined);
  expect(both).toEqual({ inputTokens: 1050, outputTokens: 205, costUsd: 0.006, unpricedTokens: 55 });
  expect(spendLabel(priced)).toBe("$0.006");
  expect(spendLabel(both)).toBe("$0.006+?");
});

it("shows dollars with cents from a dollar up and four significant digits below", () => {
  expect(formatUsd(0)).toBe("$0");
  expect(formatUsd(12.3456)).toBe("$12.35");
  expect(formatUsd(0.000123456)).toBe("$0.0001235");
});
