// The service metrics as Prometheus reads them, fed the audit entries a box can produce.
import { expect, it } from "vitest";
import { parsePrometheusText, sampleValue } from "./support/prometheus-text";
import { ServiceMetrics } from "../runtime/telemetry/metrics";

const sources = { boxStates: () => ({ ready: 2, failed: 1 }), pendingApprovals: () => 3, lanes: async () => [] };

it("counts gateway requests, tokens and cost by provider and model, and box states at scrape time", async () => {
  const metrics = new ServiceMetrics(sources);
  const base = { time: "", box: "b", provider: "anthropic", method: "POST", path: "/anthropic/v1/messages", durationMs: 5, bytesOut: 9 };
  metrics.observe({ event: "gateway", ...base, status: 200, model: "claude-x", inputTokens: 100, outputTokens: 20, costUsd: 0.25 });
  metrics.observe({ event: "gateway", ...base, status: 200, model: "claude-x", inputTokens: 50, outputTokens: 5, costUsd: 0.5 });
  metrics.observe({ event: "gateway", ...base, status: 402, refused: "budget spent", inputTokens: 0, outputTokens: 0 });
  const samples = parsePrometheusText((await metrics.scrape()).text);
  expect(sampleValue(samples, "a3s_box_gateway_requests_total", { provider: "anthropic", status: "200" })).toBe(2);
  expect(sampleValue(samples, "a3s_box_gateway_requests_total", { provider: "anthropic", status: "402" })).toBe(1);
  expect(sampleValue(samples, "a3s_box_tokens_total", { model: "claude-x", direction: "input" })).toBe(150);
  expect(sampleValue(samples, "a3s_box_tokens_total", { model: "claude-x", direction: "output" })).toBe(25);
  expect(sampleValue(samples, "a3s_box_cost_usd_total", { provider: "anthropic", model: "claude-x" })).toBe(0.75);
  expect(sampleValue(samples, "a3s_box_boxes", { state: "ready" })).toBe(2);
  expect(sampleValue(samples, "a3s_box_approvals_pending")).toBe(3);
});

it("keeps a bounded number of label values, whatever tool names a box invents", async () => {
  const metrics = new ServiceMetrics(sources);
  for (let i = 0; i < 1000; i++) {
    metrics.observe({
      event: "tool", time: "", box: "b", session: "s", toolCallId: `c${i}`, tool: `forged-${i}`, argsDigest: "", decision: "allow",
      decidedBy: "default", status: "ok", durationMs: 1, bytesOut: 0,
    });
    metrics.error(`CODE_${i}`);
  }
  const samples = parsePrometheusText((await metrics.scrape()).text);
  const tools = samples.filter((s) => s.name === "a3s_box_tool_calls_total");
  expect(tools.length).toBe(201);
  expect(sampleValue(samples, "a3s_box_tool_calls_total", { tool: "other" })).toBe(800);
  expect(samples.filter((s) => s.name === "a3s_box_errors_total").length).toBe(201);
});

it("tells boots apart by how the VM started: cold, restored from a template, taken from the pool; a failed boot says unknown", async () => {
  const metrics = new ServiceMetrics(sources);
  metrics.bootEnded(20, { outcome: "ready", start: "cold" });
  metrics.bootEnded(3, { outcome: "ready", start: "restored" });
  metrics.bootEnded(0.4, { outcome: "ready", start: "pooled" });
  metrics.bootEnded(0.3, { outcome: "ready", start: "pooled" });
  metrics.bootEnded(120, { outcome: "failed" });
  const samples = parsePrometheusText((await metrics.scrape()).text);
  const count = (labels: Record<string, string>) => sampleValue(samples, "a3s_box_boot_duration_seconds_count", labels);
  expect(count({ outcome: "ready", start: "cold" })).toBe(1);
  expect(count({ outcome: "ready", start: "restored" })).toBe(1);
  expect(count({ outcome: "ready", start: "pooled" })).toBe(2);
  expect(count({ outcome: "failed", start: "unknown" })).toBe(1);
  expect(sampleValue(samples, "a3s_box_boot_duration_seconds_sum", { outcome: "ready", start: "pooled" })).toBeCloseTo(0.7, 6);
  expect(sampleValue(samples, "a3s_box_boot_duration_seconds_bucket", { outcome: "ready", start: "pooled", le: "0.5" })).toBe(2);
  expect(sampleValue(samples, "a3s_box_boot_duration_seconds_bucket", { outcome: "ready", start: "cold", le: "10" })).toBe(0);
});
