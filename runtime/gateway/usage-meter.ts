/**
 * Counts the tokens of one provider answer as it streams past, without changing it: the
 * usage fields of Anthropic (input_tokens, output_tokens; in SSE the output count grows),
 * OpenAI-compatible services (prompt_tokens, completion_tokens) and Ollama
 * (prompt_eval_count, eval_count). Each field's largest value counts once. It also notes the
 * model the answer names (its first `"model"` key: model text inside strings is escaped).
 */
const INPUT_FIELDS = ["input_tokens", "prompt_tokens", "prompt_eval_count"] as const;
const OUTPUT_FIELDS = ["output_tokens", "completion_tokens", "eval_count"] as const;
const PATTERN = new RegExp(`"(${[...INPUT_FIELDS, ...OUTPUT_FIELDS].join("|")})"\\s*:\\s*(\\d+)`, "g");
const MODEL = /"model"\s*:\s*"([^"\\]{1,200})"/;
/** A usage field is short; a line longer than this is scanned in pieces. */
const MAX_PENDING = 64 * 1024;

export interface MeteredUsage {
  inputTokens: number;
  outputTokens: number;
  model?: string;
}

export class UsageMeter {
  private readonly largest = new Map<string, number>();
  private pending = "";
  private model: string | undefined;

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
    const { inputTokens, outputTokens } = this.usage();
    return inputTokens + outputTokens;
  }

  /** Input and output tokens counted so far, and the model named, if any. */
  usage(): MeteredUsage {
    this.scan(this.pending);
    this.pending = "";
    const sum = (fields: readonly string[]) => fields.reduce((total, field) => total + (this.largest.get(field) ?? 0), 0);
    return { inputTokens: sum(INPUT_FIELDS), outputTokens: sum(OUTPUT_FIELDS), ...(this.model ? { model: this.model } : {}) };
  }

  private scan(text: string): void {
    this.model ??= MODEL.exec(text)?.[1];
    for (const [, field, value] of text.matchAll(PATTERN)) {
      this.largest.set(field!, Math.max(this.largest.get(field!) ?? 0, Number(value)));
    }
  }
}
