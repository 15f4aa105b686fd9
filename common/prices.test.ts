import { expect, it } from "vitest";
import { DEFAULT_PRICES, costOf, priceOf } from "./prices";

it("matches a dated model name by its provider's longest prefix", () => {
  expect(priceOf(DEFAULT_PRICES, "anthropic", "claude-sonnet-4-20250514")?.model).toBe("claude-sonnet-4");
  expect(priceOf(DEFAULT_PRICES, "openai", "gpt-4o-mini-2024-07-18")?.model).toBe("gpt-4o-mini");
  expect(priceOf(DEFAULT_PRICES, "openai", "gpt-5-mini")?.model).toBe("gpt-5-mini");
  expect(priceOf(DEFAULT_PRICES, "groq", "gpt-4o")).toBeUndefined();
});

it("costs tokens by the table, and says nothing for a model it has no price for", () => {
  expect(costOf(DEFAULT_PRICES, { provider: "anthropic", model: "claude-sonnet-4-5", inputTokens: 1_000_000, outputTokens: 100_000 })).toBeCloseTo(4.5, 10);
  expect(costOf(DEFAULT_PRICES, { provider: "ollama", model: "llama3.2", inputTokens: 5000, outputTokens: 5000 })).toBe(0);
  expect(costOf(DEFAULT_PRICES, { provider: "openai", model: "unknown-model", inputTokens: 1, outputTokens: 1 })).toBeUndefined();
  expect(DEFAULT_PRICES.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
});
