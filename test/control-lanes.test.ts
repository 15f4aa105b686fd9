// The lane queue under load, through the real client and agent process: with 20 Generate
// commands queued behind a full generate lane, HealthCheck, GetHistory and Cancel are
// answered while those commands still wait, and Cancel reaches waiting turns too.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { StreamChunk } from "../common/chunks";
import { startAgent, type AgentProcess } from "./helpers/agent-process";
import { ModelServer } from "./model-server/model-server";

let models: ModelServer;
let agent: AgentProcess;

beforeAll(async () => {
  models = await ModelServer.start();
  agent = await startAgent({ env: models.env(), args: ["--lanes", "generate=2"] });
});

afterAll(async () => {
  await agent?.stop();
  await models?.stop();
});

async function drain(stream: AsyncIterable<StreamChunk>): Promise<StreamChunk[]> {
  const chunks: StreamChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

it("answers HealthCheck and Cancel while 20 Generate commands are queued", async () => {
  const ids = await Promise.all(Array.from({ length: 22 }, () => agent.client.createSession()));
  for (let i = 0; i < ids.length; i++) models.script({ kind: "hang", text: [`turn ${i}`] });
  const turns = ids.map((id) => drain(agent.client.stream(id, "wait")));

  let health = await agent.client.healthCheck();
  while (health.lanes.find((l) => l.lane === "generate")!.depth < 20 || models.requests.length < 2) {
    await new Promise((r) => setTimeout(r, 20));
    health = await agent.client.healthCheck();
  }
  expect(health.lanes.find((l) => l.lane === "generate")).toMatchObject({ running: 2, depth: 20, concurrency: 2 });
  expect(models.requests).toHaveLength(2);

  const healthStarted = performance.now();
  await agent.client.healthCheck();
  const healthMs = performance.now() - healthStarted;
  const histories = await Promise.all(ids.map((id) => agent.client.getHistory(id)));
  expect(histories).toHaveLength(22);

  // Cancel reaches the two running turns and the 20 waiting ones at once.
  const cancelStarted = performance.now();
  const cancelled = await Promise.all(ids.map((id) => agent.client.cancel(id)));
  const cancelMs = performance.now() - cancelStarted;
  expect(cancelled.every(Boolean)).toBe(true);
  const results = await Promise.all(turns);
  for (const chunks of results) expect(chunks.at(-1)).toMatchObject({ type: "finish", finish: { finishReason: "cancelled" } });
  expect(models.requests).toHaveLength(2);

  const after = await agent.client.healthCheck();
  const generate = after.lanes.find((l) => l.lane === "generate")!;
  expect(generate).toMatchObject({ running: 0, depth: 0 });
  console.log(`with 20 generates queued: HealthCheck answered in ${healthMs.toFixed(1)} ms, 22 Cancels in ${cancelMs.toFixed(1)} ms`);
  console.log(`lane wait times under 22 generates (generate concurrency 2):\n${after.lanes.map((l) => `  ${l.lane}: p50 ${l.waitP50Ms.toFixed(1)} ms, max ${l.waitMaxMs.toFixed(1)} ms`).join("\n")}`);
});

it("Cancel of a turn still waiting in the generate lane finishes it as cancelled; it never reaches the model", async () => {
  models.reset();
  const [a, b, queued] = await Promise.all([1, 2, 3].map(() => agent.client.createSession()));
  models.script({ kind: "hang", text: ["a"] }, { kind: "hang", text: ["b"] });
  const running = [drain(agent.client.stream(a!, "wait")), drain(agent.client.stream(b!, "wait"))];
  const waiting = drain(agent.client.stream(queued!, "wait behind them"));
  let health = await agent.client.healthCheck();
  while (health.lanes.find((l) => l.lane === "generate")!.depth < 1 || models.requests.length < 2) {
    await new Promise((r) => setTimeout(r, 20));
    health = await agent.client.healthCheck();
  }

  expect(await agent.client.cancel(queued!)).toBe(true);
  expect(await waiting).toEqual([{ type: "finish", finish: { finishReason: "cancelled", usage: { inputTokens: 0, outputTokens: 0 } } }]);
  expect((await agent.client.healthCheck()).lanes.find((l) => l.lane === "generate")!.depth).toBe(0);

  // The running turns end; the cancelled one must not start after them.
  expect(await agent.client.cancel(a!)).toBe(true);
  expect(await agent.client.cancel(b!)).toBe(true);
  await Promise.all(running);
  await new Promise((r) => setTimeout(r, 300));
  expect(models.requests).toHaveLength(2);
  expect(models.requests.map((r) => JSON.stringify(r.body))).not.toContain(expect.stringContaining("wait behind them"));
  expect(await agent.client.getHistory(queued!)).toEqual([]);
  expect(await agent.client.cancel(queued!)).toBe(false);
});
