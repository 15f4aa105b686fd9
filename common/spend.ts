/** What a session or a box has spent on its model: tokens, and their cost by the price table. */
import type { Usage } from "./chunks";

export interface Spend {
  inputTokens: number;
  outputTokens: number;
  /** US dollars by the price table, of the priced tokens only. */
  costUsd: number;
  /** Tokens of a model the price table has no price for: `costUsd` leaves them out. */
  unpricedTokens: number;
}

export const NO_SPEND: Spend = { inputTokens: 0, outputTokens: 0, costUsd: 0, unpricedTokens: 0 };

/** `spend` plus one use of the model; `costUsd` undefined: the table had no price for it. */
export function addSpend(spend: Spend, usage: Usage, costUsd: number | undefined): Spend {
  return {
    inputTokens: spend.inputTokens + usage.inputTokens,
    outputTokens: spend.outputTokens + usage.outputTokens,
    costUsd: spend.costUsd + (costUsd ?? 0),
    unpricedTokens: spend.unpricedTokens + (costUsd === undefined ? usage.inputTokens + usage.outputTokens : 0),
  };
}

/** Dollars as people read them: cents from a dollar up, four significant digits below. */
export function formatUsd(usd: number): string {
  if (usd === 0) return "$0";
  return usd >= 1 ? `$${usd.toFixed(2)}` : `$${Number(usd.toPrecision(4))}`;
}

/** The cost as a short label: `$0.0123`, with `+?` when some tokens had no price. */
export function spendLabel(spend: Spend): string {
  return `${formatUsd(spend.costUsd)}${spend.unpricedTokens > 0 ? "+?" : ""}`;
}
