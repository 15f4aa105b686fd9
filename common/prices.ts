/**
 * What model tokens cost: a table per provider and model, in US dollars per million tokens.
 * The shipped table names, per provider, the page its prices were read from and when; prices
 * change, so settings may override entries. A model matches the entry of its provider whose
 * `model` is the longest prefix of its name (`claude-sonnet-4-20250514` → `claude-sonnet-4`).
 */
import defaultPrices from "./default-prices.json";

export interface ModelPrice {
  provider: string;
  model: string;
  inputPerMillion: number;
  outputPerMillion: number;
}

/** Where one provider's prices were read, and when (YYYY-MM-DD). */
export interface PriceSource {
  provider: string;
  checked: string;
  url: string;
  note?: string;
}

export interface PriceTable {
  /** When the prices were read (YYYY-MM-DD). */
  date: string;
  sources?: PriceSource[];
  models: ModelPrice[];
}

/** List prices of standard (not batch, not cached) tokens, as data beside this file. Ollama runs locally: free. */
export const DEFAULT_PRICES: PriceTable = defaultPrices;

/** The entry for a model: its provider's entry with the longest matching prefix; undefined when none. */
export function priceOf(table: PriceTable, provider: string, model: string): ModelPrice | undefined {
  let best: ModelPrice | undefined;
  for (const entry of table.models) {
    if (entry.provider !== provider || !model.startsWith(entry.model)) continue;
    if (!best || entry.model.length > best.model.length) best = entry;
  }
  return best;
}

/** What the tokens cost in US dollars; undefined when the table has no price for the model. */
export function costOf(table: PriceTable, usage: { provider: string; model?: string; inputTokens: number; outputTokens: number }): number | undefined {
  const price = priceOf(table, usage.provider, usage.model ?? "");
  if (!price) return undefined;
  return (usage.inputTokens * price.inputPerMillion + usage.outputTokens * price.outputPerMillion) / 1_000_000;
}

/** The table with the overrides in place: an override replaces the entry of the same provider and model, or adds one. */
export function withPriceOverrides(table: PriceTable, overrides: readonly ModelPrice[]): PriceTable {
  if (overrides.length === 0) return table;
  const key = (entry: ModelPrice) => `${entry.provider}\u0000${entry.model}`;
  const replaced = new Set(overrides.map(key));
  return { ...table, models: [...table.models.filter((entry) => !replaced.has(key(entry))), ...overrides] };
}
