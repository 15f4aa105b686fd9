// Traces across host and guest with a real box: the host's span for its gRPC call into the
// QEMU box, the agent's invoke_agent / chat / execute_tool spans (sent from inside the VM to
// the box's gateway, the only thing the guest can reach) and the gateway's span per model
// request, all in one trace, exported over real OTLP/HTTP to a receiver in this process.
// One boot; the model is the test model server.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Tracing } from "../common/node/tracing";
import { Box } from "../runtime/box/box";
import { spansWhen, traceToReceiver, turnArrived, turnTrace, type OtlpReceiver } from "./helpers/otlp-receiver";
import { ModelServer } from "./model-server/model-server";
import { reply, toolCalls } from "./model-server/script";

const workspace = mkdtempSync(join(tmpdir(), "vm-traces-ws-"));
let receiver: OtlpReceiver;
let tracing: Tracing;
let stopTracing: () => Promise<void>;
let models: ModelServer;
let box: Box;

beforeAll(async () => {
  // Before the box: a box gets its span intake only from a host that exports traces.
  ({ receiver, tracing, stop: stopTracing } = await traceToReceiver({ OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: "true" }));
  models = await ModelServer.start();
  box = await Box.create({
    workspace,
    env: { ...models.env(), LLM_PROVIDER: "anthropic", ANTHROPIC_API_KEY: "sk-ant-host-only", OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: "true" },
  });
}, 20 * 60_000);

afterAll(async () => {
  await box?.stop();
  await models?.stop();
  await stopTracing?.();
  rmSync(workspace, { recursive: true, force: true });
});

it("arrives as one trace from host and box: Generate → invoke_agent → chat and execute_tool → the gateway's spans, the box id stamped", async () => {
  const id = await box.client.createSession({ model: { provider: "anthropic", name: "claude-box" } });
  models.script(toolCalls([{ name: "bash", args: { command: "echo traced in the box" } }]), reply("done"));
  const result = await box.client.generate(id, "say something");
  expect(result.text).toBe("done");
  expect(result.toolResults[0]!.output).toContain("traced in the box");

  const spans = await spansWhen(receiver, tracing, turnArrived(2), 120_000);
  const { host, turn, chats, tool, forwarded } = turnTrace(spans, { model: "claude-box", tool: "bash", chats: 2, route: "/anthropic/v1/messages" });

  expect(host.resource["service.name"]).toBe("a3s-box");
  expect(host.attributes).toMatchObject({ "rpc.system": "grpc", "rpc.method": "Generate", "rpc.grpc.status_code": 0 });
  expect(turn.attributes).toMatchObject({ "gen_ai.operation.name": "invoke_agent", "gen_ai.conversation.id": id, "gen_ai.request.model": "claude-box" });
  for (const chat of chats) expect(chat.attributes).toMatchObject({ "gen_ai.operation.name": "chat", "gen_ai.provider.name": "anthropic", "gen_ai.response.model": "claude-box" });
  expect(tool.attributes).toMatchObject({
    "gen_ai.operation.name": "execute_tool",
    "gen_ai.tool.name": "bash",
    "gen_ai.tool.call.id": result.toolCalls[0]!.id,
    "gen_ai.tool.call.result": result.toolResults[0]!.output,
  });
  // The box's spans came through its gateway, which stamped the id of the box it serves.
  for (const span of [turn, ...chats, tool]) expect(span.resource).toMatchObject({ "service.name": "a3s-box-agent", "a3s.box.id": box.id });
  for (const span of forwarded) expect(span.attributes).toMatchObject({ "http.response.status_code": 200, "a3s.box.id": box.id });
  // The provider never saw the trace context: the gateway does not forward it.
  for (const request of models.requests) expect(request.headers["traceparent"]).toBeUndefined();
}, 10 * 60_000);
