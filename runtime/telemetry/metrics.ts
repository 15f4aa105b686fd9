/**
 * The host service's Prometheus metrics (docs/observability.md lists each). One registry per
 * service, never prom-client's global one, so two services in a process do not mix. Most
 * series are fed from the audit entries the service writes, so the log and the numbers agree.
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { AuditEntry } from "../../common/audit";
import type { LaneStats } from "../../common/agent-replies";
import type { VmStart } from "../vm/backend";

/** What the service tells the registry at each scrape. */
export interface MetricsSources {
  boxStates(): Record<string, number>;
  pendingApprovals(): number;
  /** Lane statistics per ready box (asked of each agent at scrape time). */
  lanes(): Promise<Array<{ box: string; lanes: LaneStats[] }>>;
}

const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
/** Distinct values a label keeps before the rest count as "other": tool names and codes come from the guest. */
const MAX_LABEL_VALUES = 200;

/** A label's values, bounded so that a hostile box cannot grow the registry without end. */
class BoundedLabel {
  private readonly seen = new Set<string>();
  of(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= MAX_LABEL_VALUES) return "other";
    this.seen.add(value);
    return value;
  }
}

/** How a boot ended; a failed one has no VM start to tell (the box is gone before it reports). */
export type BootEnd = { outcome: "ready"; start: VmStart } | { outcome: "failed" };

const BOOT_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300];

export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly bootSeconds: Histogram<"outcome" | "start">;
  private readonly toolCalls: Counter<"tool" | "outcome">;
  private readonly toolSeconds: Histogram<"tool">;
  private readonly approvalWaitSeconds: Histogram<"answer" | "by">;
  private readonly gatewayRequests: Counter<"provider" | "status">;
  private readonly tokens: Counter<"provider" | "model" | "direction">;
  private readonly errors: Counter<"code">;
  private readonly costUsd: Counter<"provider" | "model">;
  private readonly toolNames = new BoundedLabel();
  private readonly models = new BoundedLabel();
  private readonly codes = new BoundedLabel();

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    new Gauge({
      name: "a3s_box_boxes",
      help: "Boxes of this service by state.",
      labelNames: ["state"],
      registers,
      collect() {
        this.reset();
        for (const [state, count] of Object.entries(sources.boxStates())) this.set({ state }, count);
      },
    });
    new Gauge({
      name: "a3s_box_approvals_pending",
      help: "Approval requests waiting for an answer.",
      registers,
      collect() {
        this.set(sources.pendingApprovals());
      },
    });
    // Both lane gauges come from one ask of the agents per scrape (prom-client collects all metrics at once).
    let asking: ReturnType<MetricsSources["lanes"]> | undefined;
    const lanes = () => (asking ??= sources.lanes().finally(() => (asking = undefined)));
    new Gauge({
      name: "a3s_box_lane_depth",
      help: "Commands waiting in each lane of each box's agent.",
      labelNames: ["box", "lane"],
      registers,
      async collect() {
        this.reset();
        for (const { box, lanes: stats } of await lanes()) for (const lane of stats) this.set({ box, lane: lane.lane }, lane.depth);
      },
    });
    new Gauge({
      name: "a3s_box_lane_wait_seconds",
      help: "Wait of a lane's last 1000 commands, per box: the median (quantile 0.5) and the longest (quantile 1).",
      labelNames: ["box", "lane", "quantile"],
      registers,
      async collect() {
        this.reset();
        for (const { box, lanes: stats } of await lanes()) {
          for (const lane of stats) {
            this.set({ box, lane: lane.lane, quantile: "0.5" }, lane.waitP50Ms / 1000);
            this.set({ box, lane: lane.lane, quantile: "1" }, lane.waitMaxMs / 1000);
          }
        }
      },
    });
    this.bootSeconds = new Histogram({ name: "a3s_box_boot_duration_seconds", help: "From asking for a box to its agent answering (or the boot failing), by how its VM started (cold, restored, pooled; unknown when it failed).", labelNames: ["outcome", "start"], buckets: BOOT_BUCKETS, registers });
    this.toolCalls = new Counter({ name: "a3s_box_tool_calls_total", help: "Tool and skill calls by tool and outcome (ok, error, denied).", labelNames: ["tool", "outcome"], registers });
    this.toolSeconds = new Histogram({ name: "a3s_box_tool_duration_seconds", help: "Tool calls from start (or approval) to result.", labelNames: ["tool"], buckets: DURATION_BUCKETS, registers });
    this.approvalWaitSeconds = new Histogram({ name: "a3s_box_approval_wait_seconds", help: "From an approval request to its answer.", labelNames: ["answer", "by"], buckets: DURATION_BUCKETS, registers });
    this.gatewayRequests = new Counter({ name: "a3s_box_gateway_requests_total", help: "Requests through the boxes' model gateways by provider and HTTP status.", labelNames: ["provider", "status"], registers });
    this.tokens = new Counter({ name: "a3s_box_tokens_total", help: "Model tokens the providers reported, by provider, model and direction (input, output).", labelNames: ["provider", "model", "direction"], registers });
    this.costUsd = new Counter({ name: "a3s_box_cost_usd_total", help: "What the reported tokens cost in US dollars by the gateways' price table, by provider and model.", labelNames: ["provider", "model"], registers });
    this.errors = new Counter({ name: "a3s_box_errors_total", help: "Errors by code: turns that ended in an error, boxes that failed.", labelNames: ["code"], registers });
  }

  /** Counts what one audit entry says. */
  observe(entry: AuditEntry): void {
    switch (entry.event) {
      case "tool": {
        const tool = this.toolNames.of(entry.tool);
        this.toolCalls.inc({ tool, outcome: entry.status });
        if (entry.status !== "denied") this.toolSeconds.observe({ tool }, entry.durationMs / 1000);
        break;
      }
      case "confirmation":
        this.approvalWaitSeconds.observe({ answer: entry.answer, by: entry.by.startsWith("human:") ? "human" : entry.by }, entry.waitMs / 1000);
        break;
      case "gateway": {
        this.gatewayRequests.inc({ provider: entry.provider, status: String(entry.status) });
        const model = this.models.of(entry.model ?? "");
        if (entry.inputTokens > 0) this.tokens.inc({ provider: entry.provider, model, direction: "input" }, entry.inputTokens);
        if (entry.outputTokens > 0) this.tokens.inc({ provider: entry.provider, model, direction: "output" }, entry.outputTokens);
        if (entry.costUsd !== undefined && entry.costUsd > 0) this.costUsd.inc({ provider: entry.provider, model }, entry.costUsd);
        break;
      }
    }
  }

  bootEnded(seconds: number, boot: BootEnd): void {
    this.bootSeconds.observe({ outcome: boot.outcome, start: boot.outcome === "ready" ? boot.start : "unknown" }, seconds);
  }

  error(code: string): void {
    this.errors.inc({ code: this.codes.of(code) });
  }

  /** The exposition text for a scrape. */
  async scrape(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
