// The agent's real vendor SDKs reaching the test model server through the model gateway, the
// agent holding only the gateway's guest environment (as inside a box) and the host's keys
// held only by the gateway.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startModelGateway, type ModelGateway } from "../runtime/gateway/model-gateway";
import { startAgent, type AgentProcess } from "./helpers/agent-process";
import { ModelServer } from "./model-server/model-server";
import { reply } from "./model-server/script";

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
