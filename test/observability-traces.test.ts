// Traces across host and guest: the host's span for its gRPC call into the agent, the agent's
// invoke_agent / chat / execute_tool spans (sent through the box's model gateway, as from
// inside a box) and the gateway's span per model request, all in one trace, exported over
// real OTLP/HTTP to a receiver in this process. A real agent process; the model is the test
// model server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tracingWanted, type Tracing } from "../common/node/tracing";
import { startModelGateway, type ModelGateway } from "../runtime/gateway/model-gateway";
import { startAgent, type AgentProcess } from "./helpers/agent-process";
import { onlySpan, spansWhen, traceToReceiver, turnArrived, turnTrace, type OtlpReceiver, type ReceivedSpan } from "./helpers/otlp-receiver";
import { ModelServer } from "./model-server/model-server";
import { reply, toolCalls } from "./model-server/script";

const BOX = "box-traced-1";
let receiver: OtlpReceiver;
let tracing: Tracing;
let stopTracing: () => Promise<void>;
let models: ModelServer;
let gateway: ModelGateway;
let agent: AgentProcess;

beforeAll(async () => {
  ({ receiver, tracing, stop: stopTracing } = await traceToReceiver({ OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: "true" }));
  models = await ModelServer.start();
  gateway = await startModelGateway({
    env: { ...models.env(), ANTHROPIC_API_KEY: "sk-ant-host-only", OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: "true" },
    traces: { boxId: BOX, tracing },
  });
  agent = await startAgent({ env: gateway.guestEnv() });
});

afterAll(async () => {
  await agent?.stop();
  await gateway?.close();
  await models?.stop();
  await stopTracing?.();
});

const received = (done: (spans: ReceivedSpan[]) => boolean) => spansWhen(receiver, tracing, done);

describe("a turn with a tool call", () => {
  it("arrives as one trace: host call → invoke_agent → chat and execute_tool → the gateway's spans", async () => {
    const id = await agent.client.createSession({ model: { provider: "anthropic", name: "claude-test" } });
    models.script(toolCalls([{ name: "ls", args: { path: "" } }], { usage: { input: 11, output: 7 } }), reply("nothing there", { usage: { input: 20, output: 3 } }));
    const result = await agent.client.generate(id, "what is in the workspace?");
    expect(result.text).toBe("nothing there");

    const spans = await received(turnArrived(2));
    const { host, turn, chats, tool, forwarded } = turnTrace(spans, { model: "claude-test", tool: "ls", chats: 2, route: "/anthropic/v1/messages" });

    expect(host.kind).toBe(3); // OTLP CLIENT
    expect(host.attributes).toMatchObject({ "rpc.system": "grpc", "rpc.service": "a3s.box.v1.AgentService", "rpc.method": "Generate", "rpc.grpc.status_code": 0 });
    expect(host.resource["service.name"]).toBe("a3s-box");
    expect(turn.attributes).toMatchObject({
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.agent.name": "a3s-box",
      "gen_ai.conversation.id": id,
      "gen_ai.provider.name": "anthropic",
      "gen_ai.request.model": "claude-test",
      "gen_ai.usage.input_tokens": 31,
      "gen_ai.usage.output_tokens": 10,
      "gen_ai.response.finish_reasons": ["stop"],
    });
    const [first, second] = [...chats].sort((a, b) => Number(a.attributes["gen_ai.usage.input_tokens"]) - Number(b.attributes["gen_ai.usage.input_tokens"]));
    expect(first!.kind).toBe(3);
    expect(first!.attributes).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "anthropic",
      "gen_ai.request.model": "claude-test",
      "gen_ai.response.model": "claude-test",
      "gen_ai.usage.input_tokens": 11,
      "gen_ai.usage.output_tokens": 7,
      "gen_ai.response.finish_reasons": ["tool-calls"],
    });
    expect(second!.attributes["gen_ai.response.finish_reasons"]).toEqual(["stop"]);
    expect(tool.attributes).toMatchObject({
      "gen_ai.operation.name": "execute_tool",
      "gen_ai.tool.name": "ls",
      "gen_ai.tool.call.id": result.toolCalls[0]!.id,
      "gen_ai.tool.type": "function",
      "gen_ai.tool.call.arguments": JSON.stringify({ path: "" }),
      "gen_ai.tool.call.result": result.toolResults[0]!.output,
    });
    expect(forwarded[0]!.kind).toBe(2); // OTLP SERVER
    expect(forwarded[0]!.attributes).toMatchObject({ "http.request.method": "POST", "http.route": "/anthropic/v1/messages", "http.response.status_code": 200, "a3s.box.id": BOX });
    // The guest's spans carry the box id the host stamped; the host's are the host service's.
    for (const span of [turn, ...chats, tool]) expect(span.resource).toMatchObject({ "service.name": "a3s-box-agent", "a3s.box.id": BOX });
    // The collector's address never reached the agent, and the trace context never reached the provider.
    expect(gateway.guestEnv()["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]).toBe(`${gateway.url}/${gateway.token}/otlp/v1/traces`);
    for (const request of models.requests) expect(request.headers["traceparent"]).toBeUndefined();
  });

  it("records a failed model request with error.type on its chat and invoke_agent spans", async () => {
    receiver.spans.length = 0;
    models.reset();
    const id = await agent.client.createSession({ model: { provider: "anthropic", name: "claude-fail" } });
    models.script({ kind: "error", status: 401, message: "bad key" });
    await expect(agent.client.generate(id, "hi")).rejects.toMatchObject({ code: "PROVIDER_AUTH" });
    const spans = await received((all) => all.some((s) => s.name === "invoke_agent a3s-box") && all.some((s) => s.name === "POST /anthropic/v1/messages"));
    expect(onlySpan(spans, "chat claude-fail")).toMatchObject({ attributes: { "error.type": "PROVIDER_AUTH" }, status: { code: 2 } });
    expect(onlySpan(spans, "invoke_agent a3s-box")).toMatchObject({ attributes: { "error.type": "PROVIDER_AUTH" }, status: { code: 2 } });
    expect(onlySpan(spans, "POST /anthropic/v1/messages").attributes).toMatchObject({ "http.response.status_code": 401, "error.type": "401" });
  });
});

describe("without the OTEL variables", () => {
  it("starts no SDK and sends nothing: no trace context on the agent's requests, no exporter endpoint in the guest", async () => {
    expect(tracingWanted({})).toBe(false);
    expect(tracingWanted({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_SDK_DISABLED: "true" })).toBe(false);

    const plainGateway = await startModelGateway({ env: { ...models.env(), ANTHROPIC_API_KEY: "sk-ant-host-only" } });
    const plain = await startAgent({ env: { ...models.env() } });
    try {
      expect(Object.keys(plainGateway.guestEnv()).filter((name) => name.startsWith("OTEL_"))).toEqual([]);
      const refused = await fetch(`${plainGateway.url}/${plainGateway.token}/otlp/v1/traces`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      expect(refused.status).toBe(404);

      // The agent reaches the model server directly here, so the server sees what the agent sends:
      // an agent with an SDK started puts its chat span's traceparent on every model request.
      models.reset();
      const id = await plain.client.createSession({ model: { provider: "anthropic", name: "m" } });
      models.script(reply("hi"));
      await plain.client.generate(id, "hello");
      expect(models.requests[0]!.headers["traceparent"]).toBeUndefined();
    } finally {
      await plain.stop();
      await plainGateway.close();
    }
  });
});
