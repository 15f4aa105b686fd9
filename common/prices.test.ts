import { expect, it } from "vitest";
import { DEFAULT_PRICES, costOf, priceOf, withPriceOverrides } from "./prices";

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
});

// Newer models whose names extend an older, dearer (or cheaper) model's name must not take its price.
it.each([
  ["anthropic", "claude-opus-4-5-20251101", 5, 25],
  ["anthropic", "claude-opus-4-1-20250805", 15, 75],
  ["anthropic", "claude-opus-5-5", 4, 20],
  ["anthropic", "claude-haiku-4-5-20251001", 1, 5],
  ["anthropic", "claude-sonnet-5-5", 2, 10],
  ["openai", "gpt-5.4-mini", 0.75, 4.5],
  ["openai", "gpt-5.5-pro", 30, 180],
  ["openai", "o3-mini", 1.1, 4.4],
])("prices %s %s at the vendor's list price", (provider, model, input, output) => {
  expect(priceOf(DEFAULT_PRICES, provider, model)).toMatchObject({ inputPerMillion: input, outputPerMillion: output });
});

it("names, for every provider it prices, the page its prices come from and the day they were read", () => {
  const providers = new Set(DEFAULT_PRICES.models.map((entry) => entry.provider));
  for (const provider of providers) {
    const source = DEFAULT_PRICES.sources?.find((s) => s.provider === provider);
    expect(source, provider).toBeDefined();
    expect(source!.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(source!.url).toMatch(/^https:\/\//);
  }
  expect(DEFAULT_PRICES.date).toBe(DEFAULT_PRICES.sources!.map((s) => s.checked).sort().at(-1));
});

it("lets overrides replace an entry or add one, leaving the shipped table alone", () => {
  const table = withPriceOverrides(DEFAULT_PRICES, [
    { provider: "anthropic", model: "claude-sonnet-4", inputPerMillion: 1, outputPerMillion: 2 },
    { provider: "groq", model: "llama", inputPerMillion: 0.5, outputPerMillion: 0.5 },
  ]);
  expect(costOf(table, { provider: "anthropic", model: "claude-sonnet-4-5", inputTokens: 1_000_000, outputTokens: 1_000_000 })).toBe(3);
  expect(costOf(table, { provider: "groq", model: "llama-3.3-70b", inputTokens: 2_000_000, outputTokens: 0 })).toBe(1);
  expect(table.models.filter((entry) => entry.model === "claude-sonnet-4")).toHaveLength(1);
  expect(priceOf(DEFAULT_PRICES, "anthropic", "claude-sonnet-4")?.inputPerMillion).toBe(3);
  expect(withPriceOverrides(DEFAULT_PRICES, [])).toBe(DEFAULT_PRICES);
});
