// Traces across host and guest with a real box: the host's span for its gRPC call into the
// QEMU box, the agent's invoke_agent / chat / execute_tool spans (sent from inside the VM to
// the box's gateway, the only thing the guest can reach) and the gateway's span per model
// request, all in one trace, exported over real OTLP/HTTP to a receiver in this process. The
// same turn, streamed through a ToolAuditor as the service does, lands in the box's audit log
// (the tool call with its deciding rule, each gateway request), and a metrics registry fed by
// that log counts it, scraped over HTTP. One boot; the model is the test model server.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { GatewayAuditEntry, ToolAuditEntry } from "../common/audit";
import type { StreamChunk } from "../common/chunks";
import type { Tracing } from "../common/node/tracing";
import { Box } from "../runtime/box/box";
import { AuditLog, readAuditLog } from "../runtime/telemetry/audit-log";
import { ServiceMetrics } from "../runtime/telemetry/metrics";
import { startMetricsServer, type MetricsServer } from "../runtime/telemetry/metrics-endpoint";
import { argsDigest, ToolAuditor } from "../runtime/telemetry/tool-auditor";
import { spansWhen, traceToReceiver, turnArrived, turnTrace, type OtlpReceiver } from "./helpers/otlp-receiver";
import { ModelServer } from "./model-server/model-server";
import { reply, toolCalls } from "./model-server/script";
import { parsePrometheusText, sampleValue } from "./support/prometheus-text";

const workspace = mkdtempSync(join(tmpdir(), "vm-traces-ws-"));
const auditDir = mkdtempSync(join(tmpdir(), "vm-traces-audit-"));
const API_KEY = "sk-ant-host-only";
// A registry without a service, fed the entries as they are appended (as the service feeds its own).
const metrics = new ServiceMetrics({ boxStates: () => ({}), pendingApprovals: () => 0, lanes: async () => [] });
const auditLog = new AuditLog(auditDir, "traced", { onEntry: (entry) => metrics.observe(entry) });
let receiver: OtlpReceiver;
let tracing: Tracing;
let stopTracing: () => Promise<void>;
let models: ModelServer;
let box: Box;
let metricsServer: MetricsServer;

beforeAll(async () => {
  // Before the box: a box gets its span intake only from a host that exports traces.
  ({ receiver, tracing, stop: stopTracing } = await traceToReceiver({ OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: "true" }));
  models = await ModelServer.start();
  metricsServer = await startMetricsServer({ listen: "127.0.0.1:0", scrape: () => metrics.scrape() });
  box = await Box.create({
    workspace,
    auditLog,
    env: { ...models.env(), LLM_PROVIDER: "anthropic", ANTHROPIC_API_KEY: API_KEY, OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: "true" },
  });
}, 20 * 60_000);

afterAll(async () => {
  await box?.stop();
  await models?.stop();
  await metricsServer?.close();
  await stopTracing?.();
  rmSync(workspace, { recursive: true, force: true });
  rmSync(auditDir, { recursive: true, force: true });
});

/** One turn streamed to its end, every chunk through the session's ToolAuditor (as BoxService does): its text, tool call and result. */
async function auditedTurn(session: string, prompt: string) {
  const auditor = new ToolAuditor({ box: auditLog.boxId, session, fullArguments: false, write: (entry) => void auditLog.append(entry) });
  const chunks: StreamChunk[] = [];
  for await (const chunk of box.client.stream(session, prompt)) {
    auditor.observe(chunk);
    chunks.push(chunk);
  }
  const toolCall = chunks.flatMap((c) => (c.type === "tool-call" ? [c.toolCall] : []));
  const toolResult = chunks.flatMap((c) => (c.type === "tool-result" ? [c.toolResult] : []));
  const text = chunks.map((c) => (c.type === "text-delta" ? c.textDelta : "")).join("");
  expect(chunks.filter((c) => c.type === "error")).toEqual([]);
  expect(toolCall).toHaveLength(1);
  expect(toolResult).toHaveLength(1);
  return { text, toolCall: toolCall[0]!, toolResult: toolResult[0]! };
}

it("arrives as one trace from host and box: Generate → invoke_agent → chat and execute_tool → the gateway's spans, the box id stamped; audited and counted", async () => {
  const id = await box.client.createSession({ model: { provider: "anthropic", name: "claude-box" }, permissionPolicy: { allow: ["bash(echo *)"], default: "deny" } });
  models.script(toolCalls([{ name: "bash", args: { command: "echo traced in the box" } }], { usage: { input: 50, output: 7 } }), reply("done", { usage: { input: 80, output: 3 } }));
  const result = await auditedTurn(id, "say something");
  expect(result.text).toBe("done");
  expect(result.toolResult.output).toContain("traced in the box");

  const spans = await spansWhen(receiver, tracing, turnArrived(2), 120_000);
  const { host, turn, chats, tool, forwarded } = turnTrace(spans, { model: "claude-box", tool: "bash", chats: 2, route: "/anthropic/v1/messages" });

  expect(host.resource["service.name"]).toBe("a3s-box");
  expect(host.attributes).toMatchObject({ "rpc.system": "grpc", "rpc.method": "Generate", "rpc.grpc.status_code": 0 });
  expect(turn.attributes).toMatchObject({ "gen_ai.operation.name": "invoke_agent", "gen_ai.conversation.id": id, "gen_ai.request.model": "claude-box" });
  for (const chat of chats) expect(chat.attributes).toMatchObject({ "gen_ai.operation.name": "chat", "gen_ai.provider.name": "anthropic", "gen_ai.response.model": "claude-box" });
  expect(tool.attributes).toMatchObject({
    "gen_ai.operation.name": "execute_tool",
    "gen_ai.tool.name": "bash",
    "gen_ai.tool.call.id": result.toolCall.id,
    "gen_ai.tool.call.result": result.toolResult.output,
  });
  // The box's spans came through its gateway, which stamped the id of the box it serves.
  for (const span of [turn, ...chats, tool]) expect(span.resource).toMatchObject({ "service.name": "a3s-box-agent", "a3s.box.id": box.id });
  for (const span of forwarded) expect(span.attributes).toMatchObject({ "http.response.status_code": 200, "a3s.box.id": box.id });
  // The provider never saw the trace context: the gateway does not forward it.
  for (const request of models.requests) expect(request.headers["traceparent"]).toBeUndefined();

  // The box's audit log: the tool call with the rule that allowed it, and each model request through its gateway.
  await auditLog.flush();
  const entries = await readAuditLog(auditDir, "traced");
  const tools = entries.filter((e): e is ToolAuditEntry => e.event === "tool");
  expect(tools.map((t) => [t.box, t.session, t.toolCallId, t.tool, t.decision, t.decidedBy, t.status, t.exitCode])).toEqual([
    ["traced", id, result.toolCall.id, "bash", "allow", "rule:bash(echo *)", "ok", 0],
  ]);
  expect(tools[0]!.argsDigest).toBe(argsDigest({ command: "echo traced in the box" }));
  expect(tools[0]!.args).toBeUndefined();
  const requests = entries.filter((e): e is GatewayAuditEntry => e.event === "gateway");
  expect(requests.map((r) => [r.box, r.provider, r.method, r.path, r.status, r.model, r.inputTokens, r.outputTokens])).toEqual([
    ["traced", "anthropic", "POST", "/anthropic/v1/messages", 200, "claude-box", 50, 7],
    ["traced", "anthropic", "POST", "/anthropic/v1/messages", 200, "claude-box", 80, 3],
  ]);
  expect(JSON.stringify(entries)).not.toContain(API_KEY);

  // The registry fed those entries counts the same turn, scraped as Prometheus would.
  const scraped = await fetch(metricsServer.url, { headers: { authorization: `Bearer ${metricsServer.token}` } });
  expect(scraped.status).toBe(200);
  const samples = parsePrometheusText(await scraped.text());
  expect(sampleValue(samples, "a3s_box_tool_calls_total", { tool: "bash", outcome: "ok" })).toBe(1);
  expect(sampleValue(samples, "a3s_box_tool_duration_seconds_count", { tool: "bash" })).toBe(1);
  expect(sampleValue(samples, "a3s_box_gateway_requests_total", { provider: "anthropic", status: "200" })).toBe(2);
  expect(sampleValue(samples, "a3s_box_tokens_total", { provider: "anthropic", model: "claude-box", direction: "input" })).toBe(130);
  expect(sampleValue(samples, "a3s_box_tokens_total", { provider: "anthropic", model: "claude-box", direction: "output" })).toBe(10);
}, 10 * 60_000);
