import { A3sError, ErrorCodes } from "../../common/errors";

/** What one box may spend on its model: calls forwarded and tokens the provider reported. */
export interface ModelBudget {
  requests?: number;
  tokens?: number;
  /** Money, in US dollars, by the gateway's price table; a model without a price counts nothing. */
  usd?: number;
}

export interface BudgetUse {
  requests: number;
  tokens: number;
  usd: number;
}

/**
 * A box's budget as it is spent. A call is refused once either limit is reached; the call
 * that crosses the token limit still completes (tokens are known only as the answer ends).
 */
export class BudgetTracker {
  private readonly used: BudgetUse = { requests: 0, tokens: 0, usd: 0 };

  constructor(private readonly limits: ModelBudget = {}) {
    const { usd, ...counts } = limits;
    if (usd !== undefined && !(Number.isFinite(usd) && usd > 0)) {
      throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `budget.usd must be an amount > 0, got ${String(usd)}`);
    }
    for (const [name, value] of Object.entries(counts)) {
      if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
        throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `budget.${name} must be a whole number ≥ 1, got ${String(value)}`);
      }
    }
  }

  /** Why no call may go upstream any more, or undefined while the budget lasts. */
  spent(): string | undefined {
    const { requests, tokens } = this.limits;
    if (requests !== undefined && this.used.requests >= requests) return `all ${requests} model calls of this box's budget are used`;
    if (tokens !== undefined && this.used.tokens >= tokens) return `this box's budget of ${tokens} tokens is used (${this.used.tokens} so far)`;
    const { usd } = this.limits;
    if (usd !== undefined && this.used.usd >= usd) return `this box's budget of $${usd} is used ($${Number(this.used.usd.toPrecision(6))} so far)`;
    return undefined;
  }

  countRequest(): void {
    this.used.requests += 1;
  }

  countTokens(tokens: number, usd = 0): void {
    this.used.tokens += tokens;
    this.used.usd += usd;
  }

  use(): BudgetUse {
    return { ...this.used };
  }
}
