/**
 * Counts the tokens of one provider answer as it streams past, without changing it: the
 * usage fields of Anthropic (input_tokens, output_tokens; in SSE the output count grows),
 * OpenAI-compatible services (prompt_tokens, completion_tokens) and Ollama
 * (prompt_eval_count, eval_count). Each field's largest value counts once.
 */
const FIELDS = ["input_tokens", "output_tokens", "prompt_tokens", "completion_tokens", "prompt_eval_count", "eval_count"] as const;
const PATTERN = new RegExp(`"(${FIELDS.join("|")})"\\s*:\\s*(\\d+)`, "g");
/** A usage field is short; a line longer than this is scanned in pieces. */
const MAX_PENDING = 64 * 1024;

export class UsageMeter {
  private readonly largest = new Map<string, number>();
  private pending = "";

  add(chunk: Buffer): void {
    const text = this.pending + chunk.toString("utf8");
    const end = text.lastIndexOf("\n");
    this.scan(end === -1 ? "" : text.slice(0, end));
    this.pending = end === -1 ? text : text.slice(end + 1);
    if (this.pending.length > MAX_PENDING) {
      this.scan(this.pending.slice(0, -256));
      this.pending = this.pending.slice(-256);
    }
  }

  /** The tokens counted so far (call after the answer ended for the total). */
  tokens(): number {
    this.scan(this.pending);
    this.pending = "";
    let total = 0;
    for (const value of this.largest.values()) total += value;
    return total;
  }

  private scan(text: string): void {
    for (const [, field, value] of text.matchAll(PATTERN)) {
      this.largest.set(field!, Math.max(this.largest.get(field!) ?? 0, Number(value)));
    }
  }
}
