// Each provider end to end: the agent's vendor SDK against the test model server speaking
// that vendor's wire format, through the real client and agent process.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAgent, type AgentProcess } from "./helpers/agent-process";
import { ModelServer } from "./model-server/model-server";
import { httpError, reply, toolCalls } from "./model-server/script";

let models: ModelServer;
let keyless: AgentProcess;
let keyed: AgentProcess;

beforeAll(async () => {
  models = await ModelServer.start();
  keyless = await startAgent({ env: models.env() });
  keyed = await startAgent({
    env: {
      ...models.env(),
      ANTHROPIC_API_KEY: "sk-ant-test",
      OPENAI_API_KEY: "sk-openai-test",
      DEEPSEEK_API_KEY: "sk-deepseek-test",
      GROQ_API_KEY: "gsk-test",
      TOGETHER_API_KEY: "together-test",
    },
  });
});

afterAll(async () => {
  await keyless?.stop();
  await keyed?.stop();
  await models?.stop();
});

const HTTP_PROVIDERS = ["anthropic", "openai", "deepseek", "groq", "together"] as const;

describe.each(HTTP_PROVIDERS)("%s", (provider) => {
  const path = provider === "anthropic" ? "/v1/messages" : "/v1/chat/completions";

  it("runs a tool loop with streaming text and reports the provider's usage", async () => {
    models.reset();
    const id = await keyless.client.createSession({ model: { provider, name: `${provider}-model` }, system: "be brief" });
    models.script(
      toolCalls([{ name: "write", args: { file_path: `${provider}.txt`, content: "hi" } }], { text: ["Let me write."], usage: { input: 11, output: 7 } }),
      reply(["Wr", "ote ", "it."], { usage: { input: 30, output: 4 } }),
    );
    const result = await keyless.client.generate(id, "write a file");
    expect(result).toMatchObject({ text: "Let me write.Wrote it.", finishReason: "stop", usage: { inputTokens: 41, outputTokens: 11 } });
    expect(result.toolCalls).toEqual([{ id: expect.any(String), name: "write", args: { file_path: `${provider}.txt`, content: "hi" } }]);
    expect(result.toolResults[0]).toMatchObject({ isError: false, output: `Wrote 2 bytes to ${provider}.txt` });
    expect(models.requests.map((r) => r.path)).toEqual([path, path]);
    const body = models.requests[1]!.body;
    expect(body["model"]).toBe(`${provider}-model`);
    expect(body["stream"]).toBe(true);
    if (provider === "anthropic") {
      expect(body["system"]).toBe("be brief");
    } else {
      expect(body["stream_options"]).toEqual({ include_usage: true });
      const messages = body["messages"] as Array<Record<string, unknown>>;
      expect(messages.map((m) => m["role"])).toEqual(["system", "user", "assistant", "tool"]);
      expect(messages[3]).toEqual({ role: "tool", tool_call_id: result.toolCalls[0]!.id, content: `Wrote 2 bytes to ${provider}.txt` });
    }
  });

  it("sends no credentials without a key, and the vendor's header with one", async () => {
    models.reset();
    for (const agent of [keyless, keyed]) {
      const id = await agent.client.createSession({ model: { provider, name: "m" } });
      models.script(reply("ok"));
      await agent.client.generate(id, "hi");
    }
    const [without, withKey] = models.requests.map((r) => r.headers);
    expect(without!["authorization"]).toBeUndefined();
    expect(without!["x-api-key"]).toBeUndefined();
    if (provider === "anthropic") {
      // @anthropic-ai/sdk 1.x sends the API key as a bearer token.
      expect(withKey!["authorization"]).toBe("Bearer sk-ant-test");
      expect(withKey!["anthropic-version"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    } else {
      const key = { openai: "sk-openai-test", deepseek: "sk-deepseek-test", groq: "gsk-test", together: "together-test" }[provider];
      expect(withKey!["authorization"]).toBe(`Bearer ${key}`);
    }
  });
});

describe("anthropic thinking", () => {
  it("streams reasoning and sends each thinking block, with its signature, back with the tool results", async () => {
    models.reset();
    const id = await keyless.client.createSession({ thinking: true });
    models.script(toolCalls([{ name: "ls", args: {} }], { reasoning: ["Let me ", "look."] }), reply("Nothing here."));
    const chunks = [];
    for await (const chunk of keyless.client.stream(id, "what is here?")) chunks.push(chunk);
    expect(chunks.filter((c) => c.type === "reasoning-delta").map((c) => c.reasoningDelta)).toEqual(["Let me ", "look."]);
    const first = models.requests[0]!.body;
    expect(first).toMatchObject({ thinking: { type: "enabled", budget_tokens: 4096 }, max_tokens: 8192 + 4096 });
    const assistant = (models.requests[1]!.body["messages"] as Array<{ content: Array<Record<string, unknown>> }>)[1]!;
    expect(assistant.content[0]).toEqual({ type: "thinking", thinking: "Let me look.", signature: expect.stringMatching(/^sig_/) });
    expect(assistant.content[1]).toMatchObject({ type: "tool_use", name: "ls" });
  });
});

describe("thinking on every provider", () => {
  async function streamed(id: string) {
    const chunks = [];
    for await (const chunk of keyless.client.stream(id, "think first")) chunks.push(chunk);
    return chunks;
  }

  it("OpenAI: a reasoning model gets reasoning_effort; without thinking it gets none", async () => {
    models.reset();
    const id = await keyless.client.createSession({ model: { provider: "openai", name: "o4-mini" }, thinking: true });
    models.script(reply("42."), reply("43."));
    expect((await keyless.client.generate(id, "think")).text).toBe("42.");
    expect(models.requests[0]!.body).toMatchObject({ model: "o4-mini", reasoning_effort: "high" });
    await keyless.client.configure(id, { thinking: false });
    await keyless.client.generate(id, "again");
    expect(models.requests[1]!.body).not.toHaveProperty("reasoning_effort");
  });

  it("DeepSeek: deepseek-chat thinks as deepseek-reasoner, other models through the thinking toggle; reasoning streams", async () => {
    models.reset();
    const id = await keyless.client.createSession({ model: { provider: "deepseek", name: "deepseek-chat" }, thinking: true });
    models.script(reply(["9.8 ", "is greater."], { reasoning: ["Compare ", "tenths."] }));
    const chunks = await streamed(id);
    expect(chunks.map((c) => c.type)).toEqual(["reasoning-delta", "reasoning-delta", "text-delta", "text-delta", "finish"]);
    expect(chunks.filter((c) => c.reasoningDelta).map((c) => c.reasoningDelta).join("")).toBe("Compare tenths.");
    expect(models.requests[0]!.body["model"]).toBe("deepseek-reasoner");
    expect(models.requests[0]!.body).not.toHaveProperty("thinking");

    const other = await keyless.client.createSession({ model: { provider: "deepseek", name: "deepseek-v4-pro" }, thinking: true });
    models.script(reply("ok"));
    await keyless.client.generate(other, "hi");
    expect(models.requests[1]!.body).toMatchObject({ model: "deepseek-v4-pro", thinking: { type: "enabled" } });
  });

  it("refuses thinking, naming the model, where the model cannot think", async () => {
    models.reset();
    for (const model of [
      { provider: "openai", name: "gpt-4o" },
      { provider: "anthropic", name: "claude-3-5-sonnet-20241022" },
      { provider: "groq", name: "llama-3.3-70b-versatile" },
    ] as const) {
      await expect(keyless.client.createSession({ model, thinking: true })).rejects.toMatchObject({
        code: "INVALID_ARGUMENT",
        message: expect.stringContaining(model.provider === "groq" ? "thinking is not available for groq" : `model ${model.name} cannot think`),
      });
      const id = await keyless.client.createSession({ model });
      await expect(keyless.client.configure(id, { thinking: true })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    }
    // Ollama's server knows its models: its refusal reaches the caller as it said it.
    const id = await keyless.client.createSession({ model: { provider: "ollama", name: "llama3.1" }, thinking: true });
    models.script(httpError(400, '"llama3.1" does not support thinking'));
    await expect(keyless.client.generate(id, "hi")).rejects.toMatchObject({ message: 'ollama answered 400: "llama3.1" does not support thinking' });
    expect(models.requests).toHaveLength(1);
  });
});

describe("ollama", () => {
  it("runs a tool loop over /api/chat NDJSON with num_ctx from the context window", async () => {
    models.reset();
    const id = await keyless.client.createSession({ model: { provider: "ollama", name: "llama3.1" }, contextWindow: 16_384, thinking: true });
    models.script(
      toolCalls([{ name: "ls", args: {} }], { reasoning: ["I should ", "look."], usage: { input: 12, output: 3 } }),
      reply(["Empty", " folder?"], { usage: { input: 40, output: 6 } }),
    );
    const chunks = [];
    for await (const chunk of keyless.client.stream(id, "what is here?")) chunks.push(chunk);
    expect(chunks.map((c) => c.type)).toEqual(["reasoning-delta", "reasoning-delta", "tool-call", "tool-result", "text-delta", "text-delta", "finish"]);
    expect(chunks.at(-1)).toEqual({ type: "finish", finish: { usage: { inputTokens: 52, outputTokens: 9 }, finishReason: "stop" } });
    expect(models.requests.map((r) => r.path)).toEqual(["/api/chat", "/api/chat"]);
    const body = models.requests[1]!.body;
    expect(body).toMatchObject({ model: "llama3.1", stream: true, think: true, options: { num_ctx: 16_384 } });
    const messages = body["messages"] as Array<Record<string, unknown>>;
    expect(messages.map((m) => m["role"])).toEqual(["user", "assistant", "tool"]);
    expect(messages[1]).toMatchObject({ tool_calls: [{ function: { name: "ls", arguments: {} } }] });
    expect(messages[2]).toMatchObject({ role: "tool", tool_name: "ls" });
    expect(models.requests[0]!.headers["authorization"]).toBeUndefined();
  });

  it("maps Ollama's error answers", async () => {
    models.reset();
    const id = await keyless.client.createSession({ model: { provider: "ollama", name: "missing-model" } });
    models.script(httpError(404, 'model "missing-model" not found, try pulling it first'));
    await expect(keyless.client.generate(id, "hi")).rejects.toMatchObject({
      code: "PROVIDER_ERROR",
      message: 'ollama answered 404: model "missing-model" not found, try pulling it first',
    });
  });
});

describe("secrets", () => {
  it("keeps API keys out of the commands the bash tool runs", async () => {
    models.reset();
    const id = await keyed.client.createSession();
    models.script(toolCalls([{ name: "bash", args: { command: "env | grep -c _API_KEY; echo HOME=$HOME" } }]), reply("ok"));
    const result = await keyed.client.generate(id, "show env");
    expect(result.toolResults[0]!.output).toBe(`0\nHOME=${process.env["HOME"]}\nexit code: 0`);
  });
});

describe("environment defaults", () => {
  it("takes the provider and model from LLM_PROVIDER and LLM_MODEL", async () => {
    const agent = await startAgent({ env: { ...models.env(), LLM_PROVIDER: "groq", LLM_MODEL: "llama-test" } });
    try {
      models.reset();
      models.script(reply("from groq"));
      const id = await agent.client.createSession();
      expect((await agent.client.generate(id, "hi")).text).toBe("from groq");
      expect(models.requests[0]).toMatchObject({ path: "/v1/chat/completions", body: { model: "llama-test" } });
    } finally {
      await agent.stop();
    }
  });
});
