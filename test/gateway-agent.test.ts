// The agent's real vendor SDKs reaching the test model server through the model gateway, the
// agent holding only the gateway's guest environment (as inside a box) and the host's keys
// held only by the gateway.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startModelGateway, type ModelGateway } from "../runtime/gateway/model-gateway";
import { startAgent, type AgentProcess } from "./helpers/agent-process";
import { ModelServer } from "./model-server/model-server";
import { image, reply, toolCalls } from "./model-server/script";

const HOST_KEYS = {
  anthropic: ["ANTHROPIC_API_KEY", "sk-ant-host-only-4711"],
  openai: ["OPENAI_API_KEY", "sk-openai-host-only-4711"],
  deepseek: ["DEEPSEEK_API_KEY", "sk-deepseek-host-only-4711"],
  groq: ["GROQ_API_KEY", "gsk-host-only-4711"],
  together: ["TOGETHER_API_KEY", "together-host-only-4711"],
} as const;

let models: ModelServer;
let gateway: ModelGateway;
let agent: AgentProcess;

beforeAll(async () => {
  models = await ModelServer.start();
  const hostEnv = { ...models.env(), ...Object.fromEntries(Object.values(HOST_KEYS)) };
  gateway = await startModelGateway({ env: hostEnv });
  agent = await startAgent({ env: gateway.guestEnv() });
});

afterAll(async () => {
  await agent?.stop();
  await gateway?.close();
  await models?.stop();
});

describe.each(Object.keys(HOST_KEYS) as (keyof typeof HOST_KEYS)[])("%s through the gateway", (provider) => {
  it("streams the model's answer and carries the host's key, which the agent never had", async () => {
    models.reset();
    const id = await agent.client.createSession({ model: { provider, name: `${provider}-model` } });
    models.script(reply(["Hel", "lo ", "there."]));
    expect((await agent.client.generate(id, "hi")).text).toBe("Hello there.");

    const [request] = models.requests;
    const key = HOST_KEYS[provider][1];
    if (provider === "anthropic") {
      expect(request!.path).toBe("/v1/messages");
      expect(request!.headers["x-api-key"]).toBe(key);
      expect(request!.headers["authorization"]).toBeUndefined();
      expect(request!.headers["anthropic-version"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    } else {
      expect(request!.path).toBe("/v1/chat/completions");
      expect(request!.headers["authorization"]).toBe(`Bearer ${key}`);
    }
  });
});

it("leaves no key in the agent's environment", () => {
  const environ = readFileSync(`/proc/${agent.process.pid}/environ`, "utf8");
  expect(environ).toContain(`ANTHROPIC_BASE_URL=${gateway.url}/${gateway.token}/anthropic`);
  for (const [name, key] of Object.values(HOST_KEYS)) {
    expect(environ).not.toContain(key);
    expect(environ).not.toContain(`${name}=`);
  }
});

it("ends a turn with finish `budget` and a BUDGET_EXHAUSTED error when the box's budget is spent", async () => {
  const budgeted = await startModelGateway({ env: { ...models.env(), ANTHROPIC_API_KEY: "sk-ant-host-only-4711" }, budget: { requests: 1 } });
  const limited = await startAgent({ env: budgeted.guestEnv() });
  try {
    models.reset();
    const id = await limited.client.createSession({ model: { provider: "anthropic", name: "m" } });
    models.script(reply("first"), reply("never sent"));
    expect((await limited.client.generate(id, "one")).text).toBe("first");
    const chunks = [];
    for await (const chunk of limited.client.stream(id, "two")) chunks.push(chunk);
    expect(chunks.at(-2)).toEqual({
      type: "error",
      error: { code: "BUDGET_EXHAUSTED", message: expect.stringContaining("all 1 model calls of this box's budget are used") },
    });
    expect(chunks.at(-1)).toMatchObject({ type: "finish", finish: { finishReason: "budget" } });
    expect(models.requests).toHaveLength(1);
  } finally {
    await limited.stop();
    await budgeted.close();
  }
});

it("generates an image in an agent turn: the gateway forwards it with the host's key, counts it, and the bytes land in the workspace", async () => {
  models.reset();
  const png = Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31) % 256))]);
  const before = gateway.budgetUse();
  const id = await agent.client.createSession({ model: { provider: "anthropic", name: "m" } });
  models.script(
    toolCalls([{ name: "generate_image", args: { prompt: "a red square", file_path: "art/square.png", size: "1024x1024" } }]),
    image(png, "a plain red square"),
    reply("Saved art/square.png."),
  );
  const result = await agent.client.generate(id, "draw a red square into art/square.png");
  expect(result.toolResults).toEqual([
    expect.objectContaining({ name: "generate_image", isError: false, output: `Wrote a ${png.length}-byte image (gpt-image-1) to art/square.png\nrevised prompt: a plain red square` }),
  ]);
  expect(readFileSync(join(agent.workspace, "art/square.png")).equals(png)).toBe(true);
  expect(readdirSync(join(agent.workspace, "art"))).toEqual(["square.png"]);
  const request = models.requests.find((r) => r.path === "/v1/images/generations")!;
  expect(request.headers["authorization"]).toBe(`Bearer ${HOST_KEYS.openai[1]}`);
  expect(request.body).toEqual({ model: "gpt-image-1", prompt: "a red square", n: 1, size: "1024x1024" });
  const after = gateway.budgetUse();
  // Three calls: the model's two turns and the image, with the image's reported tokens.
  expect(after.requests - before.requests).toBe(3);
  expect(after.tokens - before.tokens).toBeGreaterThanOrEqual(1076);
});

it("gives the model the gateway's clear refusal when the image provider's key is missing on the host", async () => {
  const keyless = await startModelGateway({ env: { ...models.env(), ANTHROPIC_API_KEY: "sk-ant-host-only-4711" } });
  const boxed = await startAgent({ env: keyless.guestEnv() });
  try {
    models.reset();
    const id = await boxed.client.createSession({ model: { provider: "anthropic", name: "m" } });
    models.script(toolCalls([{ name: "generate_image", args: { prompt: "a cat", file_path: "cat.png" } }]), reply("no image"));
    const [result] = (await boxed.client.generate(id, "draw a cat")).toolResults;
    expect(result).toMatchObject({ isError: true, output: expect.stringContaining("the image service answered 401: a3s-box model gateway: no API key for openai: set OPENAI_API_KEY") });
    expect(readdirSync(boxed.workspace)).toEqual([]);
    expect(models.requests.map((r) => r.path)).toEqual(["/v1/messages", "/v1/messages"]);
  } finally {
    await boxed.stop();
    await keyless.close();
  }
});
