// The audit log and the metrics as the host makes them, through the real agent process, the
// real gateway and BoxService: a turn with tool calls allowed by a rule, asked and answered by
// a person, and denied by a rule; each model request through the gateway; then `a3s-box audit`
// reads the log and a scraper reads `/metrics` of the serve server over HTTP.
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { AuditEntry, ConfirmationAuditEntry, GatewayAuditEntry, ToolAuditEntry } from "../common/audit";
import { startServeServer, type RunningServer } from "../cli/serve-server";
import { DEFAULT_PRICES, withPriceOverrides } from "../common/prices";
import { startModelGateway, type ModelGateway } from "../runtime/gateway/model-gateway";
import { BoxService } from "../runtime/service/box-service";
import { connectAgent } from "../runtime/service/connect-agent";
import { FileSecretStore } from "../runtime/service/secret-store";
import { AuditLog, readAuditLog } from "../runtime/telemetry/audit-log";
import { argsDigest } from "../runtime/telemetry/tool-auditor";
import { startAgent, tempDir, type AgentProcess } from "./helpers/agent-process";
import { ModelServer } from "./model-server/model-server";
import { reply, toolCalls } from "./model-server/script";
import { parsePrometheusText, sampleValue } from "./support/prometheus-text";

const MODEL = { LLM_PROVIDER: "openai", LLM_MODEL: "test-model", OPENAI_API_KEY: "sk-host-only" };
// The test model's price, as a person would set it in settings: $2 in, $10 out per million.
const PRICE = { provider: "openai", model: "test-model", inputPerMillion: 2, outputPerMillion: 10 } as const;
const cli = join(import.meta.dirname, "../dist/cli/main.js");

let models: ModelServer;
let gateway: ModelGateway;
let agent: AgentProcess;
let service: BoxService;
let server: RunningServer;
const state = tempDir("a3s-audit-state-");
const auditDir = join(state.path, "audit");

beforeAll(async () => {
  models = await ModelServer.start();
  // What Box does for every box: the gateway's requests go to the box's log.
  const log = new AuditLog(auditDir, "agent");
  gateway = await startModelGateway({
    env: { ...models.env(), ...MODEL },
    prices: withPriceOverrides(DEFAULT_PRICES, [PRICE]),
    onRequest: (request) => void log.append({ event: "gateway", time: new Date().toISOString(), box: "agent", ...request }),
  });
  agent = await startAgent({ env: gateway.guestEnv() });
  service = await BoxService.open({
    stateDir: state.path,
    secrets: new FileSecretStore(state.path),
    host: "browser",
    version: "test",
    env: MODEL,
    auditDir,
    attach: connectAgent(agent.address),
  });
  const renderer = join(state.path, "renderer");
  mkdirSync(renderer);
  server = await startServeServer({ api: service, rendererDir: renderer, host: "127.0.0.1", port: 0, metrics: () => service.metrics.scrape() });
});

afterAll(async () => {
  await server?.close();
  await service?.dispose();
  await agent?.stop();
  await gateway?.close();
  await models?.stop();
  state.remove();
});

it("writes every tool call with its deciding rule or person, each answer and each model request", async () => {
  await service.updateSettings({ priceOverrides: [PRICE] });
  const session = await service.createSession("agent", {
    policy: { allow: ["bash(echo *)"], ask: ["bash(touch *)"], deny: ["bash(rm *)"], default: "deny" },
  });
  models.script(
    toolCalls(
      [
        { name: "bash", args: { command: "echo audited" } },
        { name: "bash", args: { command: "touch made-by-box" } },
        { name: "bash", args: { command: "rm -rf /workspace" } },
      ],
      { usage: { input: 50, output: 7 } },
    ),
    reply("done", { usage: { input: 80, output: 3 } }),
  );
  await service.send(session.id, "go");
  const pending = await expect.poll(async () => (await service.listPendingApprovals())[0]).toBeDefined().then(() => service.listPendingApprovals());
  await service.respondToApproval(session.id, pending[0]!.requestId, { decision: "allow" });
  await expect.poll(async () => (await service.listSessions("agent")).find((s) => s.id === session.id)?.running, { timeout: 20_000 }).toBe(false);

  // The metrics, scraped as Prometheus would: over HTTP, with the token as a Bearer header.
  const metricsUrl = new URL("/metrics", server.url);
  expect((await fetch(metricsUrl)).status).toBe(401);
  const scraped = await fetch(metricsUrl, { headers: { authorization: `Bearer ${server.token}` } });
  expect(scraped.status).toBe(200);
  expect(scraped.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  const samples = parsePrometheusText(await scraped.text());
  expect(sampleValue(samples, "a3s_box_boxes", { state: "ready" })).toBe(1);
  expect(sampleValue(samples, "a3s_box_tool_calls_total", { tool: "bash", outcome: "ok" })).toBe(2);
  expect(sampleValue(samples, "a3s_box_tool_calls_total", { tool: "bash", outcome: "denied" })).toBe(1);
  expect(sampleValue(samples, "a3s_box_tool_duration_seconds_count", { tool: "bash" })).toBe(2);
  expect(sampleValue(samples, "a3s_box_approval_wait_seconds_count", { answer: "allow", by: "human" })).toBe(1);
  expect(sampleValue(samples, "a3s_box_approvals_pending")).toBe(0);
  expect(sampleValue(samples, "a3s_box_lane_depth", { box: "agent", lane: "execute" })).toBe(0);
  expect(samples.filter((s) => s.name === "a3s_box_lane_wait_seconds" && s.labels["box"] === "agent").length).toBeGreaterThan(0);
  const cost = (130 * 2 + 10 * 10) / 1_000_000;
  // The session's cost, as the app shows it next to the context meter: the turn's tokens by the prices in settings.
  const spent = (await service.listSessions("agent")).find((s) => s.id === session.id)!.spend;
  expect(spent).toEqual({ inputTokens: 130, outputTokens: 10, costUsd: expect.closeTo(cost, 12), unpricedTokens: 0 });
  await service.dispose();

  const entries = await readAuditLog(auditDir, "agent");
  const tools = entries.filter((e): e is ToolAuditEntry => e.event === "tool");
  expect(tools.map((t) => [t.tool, t.decision, t.decidedBy, t.status, t.exitCode])).toEqual([
    ["bash", "allow", "rule:bash(echo *)", "ok", 0],
    ["bash", "allow", "human", "ok", 0],
    ["bash", "deny", "rule:bash(rm *)", "denied", undefined],
  ]);
  expect(tools[0]!.argsDigest).toBe(argsDigest({ command: "echo audited" }));
  expect(tools[0]!.args).toBeUndefined();
  expect(tools[0]!.bytesOut).toBe(Buffer.byteLength("audited\nexit code: 0"));
  expect(tools[1]!.approvalWaitMs).toBeGreaterThanOrEqual(0);
  expect(tools.every((t) => t.session === session.id && t.box === "agent" && t.durationMs >= 0)).toBe(true);

  const answers = entries.filter((e): e is ConfirmationAuditEntry => e.event === "confirmation");
  expect(answers).toHaveLength(1);
  expect(answers[0]).toMatchObject({ tool: "bash", answer: "allow", requestId: pending[0]!.requestId, toolCallId: pending[0]!.toolCallId, remember: "once" });
  expect(answers[0]!.by).toMatch(/^human:\S+/);

  const requests = entries.filter((e): e is GatewayAuditEntry => e.event === "gateway");
  expect(requests.map((r) => [r.provider, r.method, r.path, r.status, r.model, r.inputTokens, r.outputTokens])).toEqual([
    ["openai", "POST", "/openai/v1/chat/completions", 200, "test-model", 50, 7],
    ["openai", "POST", "/openai/v1/chat/completions", 200, "test-model", 80, 3],
  ]);
  expect(requests.map((r) => r.costUsd)).toEqual([expect.closeTo((50 * 2 + 7 * 10) / 1e6, 12), expect.closeTo((80 * 2 + 3 * 10) / 1e6, 12)]);
  expect(JSON.stringify(entries)).not.toContain(gateway.token);

  // The CLI reads the same log, as JSON lines and as text.
  const run = (...args: string[]) => promisify(execFile)(process.execPath, [cli, "audit", ...args, "--dir", auditDir]).then((r) => r.stdout);
  const json = (await run("ag", "--json")).trim().split("\n").map((line) => JSON.parse(line) as AuditEntry);
  expect(json).toEqual(entries);
  const text = await run("agent");
  expect(text).toMatch(/tool {2}bash {2}allow by rule:bash\(echo \*\) {2}ok exit 0/);
  expect(text).toMatch(/answer {2}bash {2}allow by human:/);
  expect(text).toMatch(/gateway {2}POST \/openai\/v1\/chat\/completions {2}200 {2}test-model 50 in \/ 7 out/);
  await expect(run("nope")).rejects.toThrow(/no box with an id starting with "nope"/);

  // `a3s-box ps` totals each running box's model requests from its audit log.
  const cache = join(state.path, "cache");
  mkdirSync(join(cache, "boxes", "agent"), { recursive: true });
  const record = { id: "agent", ownerPid: process.pid, backend: "qemu", workspace: agent.workspace, network: "llm", state: "ready", createdAt: new Date().toISOString() };
  writeFileSync(join(cache, "boxes", "agent", "box.json"), JSON.stringify(record));
  const ps = await promisify(execFile)(process.execPath, [cli, "ps", "--audit-dir", auditDir], { env: { ...process.env, A3S_BOX_CACHE: cache } });
  expect(ps.stdout).toMatch(/^ID\s+STATE.*TOKENS IN\/OUT\s+COST\s+WORKSPACE$/m);
  expect(ps.stdout).toMatch(new RegExp(`^agent\\s+ready\\s+qemu\\s+llm\\s+${process.pid}\\s+\\S+\\s+130/10\\s+\\$0\\.00036\\s`, "m"));
}, 180_000);
