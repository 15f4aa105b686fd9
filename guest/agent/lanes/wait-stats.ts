/** Wait times of the most recent commands of one lane: p50 and max over a sliding window. */
export class WaitStats {
  private readonly samples: number[] = [];
  private next = 0;

  constructor(private readonly window = 1000) {}

  record(waitMs: number): void {
    if (this.samples.length < this.window) this.samples.push(waitMs);
    else this.samples[this.next] = waitMs;
    this.next = (this.next + 1) % this.window;
  }

  get count(): number {
    return this.samples.length;
  }

  p50(): number {
    if (this.samples.length === 0) return 0;
    const sorted = [...this.samples].sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 2)]!;
  }

  max(): number {
    return this.samples.reduce((m, v) => Math.max(m, v), 0);
  }
}
