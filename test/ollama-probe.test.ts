// "Test model" against a server that speaks Ollama's real NDJSON chat protocol.
import { afterAll, beforeAll, expect, it } from "vitest";
import { listOllamaModels, testOllamaModel } from "../runtime/service/ollama-probe";
import { ModelServer } from "./model-server/model-server";
import { reply, toolCalls } from "./model-server/script";

let models: ModelServer;

beforeAll(async () => {
  models = await ModelServer.start();
});
afterAll(() => models?.stop());

it("reports streaming, tool calls, JSON Schema and tokens per second", async () => {
  models.script(
    reply(["1\n", "2\n", "3\n"], { usage: { input: 10, output: 70 } }),
    toolCalls([{ name: "get_weather", args: { city: "Paris" } }]),
    reply(['{"name": "Ada", ', '"age": 36}']),
  );
  const report = await testOllamaModel(models.url, "qwen3");
  expect(report).toEqual({
    model: "qwen3",
    streams: true,
    callsTools: true,
    followsJsonSchema: true,
    // 70 tokens in the 0.7 ms of eval_duration the server reports.
    tokensPerSecond: 100_000,
    notes: ["streamed the answer in 3 parts", 'called get_weather with {"city":"Paris"}', "followed the JSON Schema"],
  });
  expect(models.requests.map((r) => r.path)).toEqual(["/api/chat", "/api/chat", "/api/chat"]);
  expect(models.requests[1]!.body["tools"]).toEqual([expect.objectContaining({ function: expect.objectContaining({ name: "get_weather" }) })]);
  expect(models.requests[2]!.body["format"]).toMatchObject({ required: ["name", "age"] });
});

it("says no, with the reason, when the model does not comply", async () => {
  models.reset();
  models.script(reply("one part"), reply("no tools for me"), reply("not json"));
  const report = await testOllamaModel(models.url, "tiny");
  expect(report).toMatchObject({ streams: false, callsTools: false, followsJsonSchema: false });
  expect(report.notes).toEqual(["the answer arrived in 1 part(s), not streamed", "answered without calling the tool", "did not follow the JSON Schema: not json"]);
});

it("names the server it cannot reach", async () => {
  await expect(listOllamaModels("http://127.0.0.1:9")).rejects.toMatchObject({
    code: "UNAVAILABLE",
    message: expect.stringContaining("cannot reach Ollama at http://127.0.0.1:9"),
  });
});
