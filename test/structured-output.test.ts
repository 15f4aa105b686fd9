// GenerateObject and StreamObject through the real client and agent process.
import { beforeEach, describe, expect, it } from "vitest";
import { A3sError, ErrorCodes } from "../common/errors";
import { useAgentWithModels } from "./helpers/agent-process";
import { reply } from "./model-server/script";

const schema = {
  type: "object",
  properties: {
    name: { type: "string" },
    age: { type: "integer", minimum: 0 },
    tags: { type: "array", items: { type: "string" } },
  },
  required: ["name", "age"],
  additionalProperties: false,
};

const setup = useAgentWithModels();
let sessionId: string;

beforeEach(async () => {
  setup.models.reset();
  sessionId = await setup.agent.client.createSession();
});

async function failure(promise: Promise<unknown>): Promise<A3sError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(A3sError.is(err)).toBe(true);
  return err as A3sError;
}

describe("generateObject", () => {
  it("returns a valid object, from a fenced block after a thinking block", async () => {
    setup.models.script(reply(['<think>They want JSON.</think>Here you go:\n```json\n{"name": "Ada", ', '"age": 36}\n```'], { usage: { input: 50, output: 20 } }));
    const result = await setup.agent.client.generateObject(sessionId, "Who wrote the first program?", schema);
    expect(result).toEqual({ object: { name: "Ada", age: 36 }, usage: { inputTokens: 50, outputTokens: 20 } });
    const sent = setup.models.requests[0]!.body as { messages: Array<{ content: string }>; tools?: unknown };
    expect(sent.messages[0]!.content).toContain("Who wrote the first program?");
    expect(sent.messages[0]!.content).toContain(JSON.stringify(schema));
    expect(sent.tools).toBeUndefined();
    expect((await setup.agent.client.getHistory(sessionId)).map((m) => m.role)).toEqual(["user", "assistant"]);
  });

  it("retries once with the violations, and returns the fixed object", async () => {
    setup.models.script(reply('{"name": 7, "age": -1, "extra": true}'), reply('{"name": "Ada", "age": 36, "tags": ["math"]}'));
    const result = await setup.agent.client.generateObject(sessionId, "Who?", schema);
    expect(result.object).toEqual({ name: "Ada", age: 36, tags: ["math"] });
    const retry = setup.models.requests[1]!.body as { messages: Array<{ role: string; content: string }> };
    expect(retry.messages.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(retry.messages[2]!.content).toBe(
      'Your answer does not match the schema: $ has unknown field "extra"; $.name must be string; $.age must be >= 0. Answer again with only the corrected JSON.',
    );
  });

  it("fails after two invalid answers, listing every violation", async () => {
    setup.models.script(reply('{"age": "old"}'), reply('{"age": 1.5, "tags": [1]}'));
    const err = await failure(setup.agent.client.generateObject(sessionId, "Who?", schema));
    expect(err.code).toBe(ErrorCodes.SCHEMA_VALIDATION);
    expect(err.message).toBe(
      "the model's output does not match the schema after 2 tries: $.name is required; $.age must be integer; $.tags[0] must be string",
    );
    expect(setup.models.requests).toHaveLength(2);
  });

  it("says when the answer is not JSON at all", async () => {
    setup.models.script(reply("I cannot answer that."), reply("Still no."));
    const err = await failure(setup.agent.client.generateObject(sessionId, "Who?", schema));
    expect(err.code).toBe(ErrorCodes.SCHEMA_VALIDATION);
    expect(err.message).toContain('$ is not valid JSON');
    expect(err.message).toContain('"Still no."');
  });

  it("refuses a schema that is not a JSON Schema", async () => {
    const err = await failure(setup.agent.client.generateObject(sessionId, "Who?", { type: "nonsense" }));
    expect(err.code).toBe(ErrorCodes.INVALID_ARGUMENT);
    expect(err.message).toContain("the schema is not a valid JSON Schema");
    expect(setup.models.requests).toHaveLength(0);
  });

  it("passes the schema as Ollama's format, and asks OpenAI for a JSON object", async () => {
    const ollama = await setup.agent.client.createSession({ model: { provider: "ollama", name: "llama3.1" } });
    setup.models.script(reply('{"name": "Ada", "age": 36}'));
    expect((await setup.agent.client.generateObject(ollama, "Who?", schema)).object).toEqual({ name: "Ada", age: 36 });
    expect(setup.models.requests[0]!.body["format"]).toEqual(schema);
    const openai = await setup.agent.client.createSession({ model: { provider: "openai", name: "gpt-4o" } });
    setup.models.script(reply('{"name": "Ada", "age": 36}'));
    expect((await setup.agent.client.generateObject(openai, "Who?", schema)).object).toEqual({ name: "Ada", age: 36 });
    expect(setup.models.requests[1]!.body["response_format"]).toEqual({ type: "json_object" });
  });
});

describe("streamObject", () => {
  it("yields growing partial objects, then the validated object", async () => {
    setup.models.script(reply(['{"na', 'me": "Ad', 'a", "ta', 'gs": ["ma', 'th", "po', 'etry"], "age": 3', "6}"], { usage: { input: 9, output: 8 } }));
    const chunks = [];
    for await (const chunk of setup.agent.client.streamObject(sessionId, "Who?", schema)) chunks.push(chunk);
    const partials = chunks.filter((c) => c.partialObject).map((c) => c.partialObject);
    expect(partials[0]).toEqual({});
    expect(partials).toContainEqual({ name: "Ad" });
    expect(partials).toContainEqual({ name: "Ada", tags: ["ma"] });
    expect(partials.at(-1)).toEqual({ name: "Ada", tags: ["math", "poetry"], age: 36 });
    expect(chunks.at(-1)).toEqual({ object: { name: "Ada", tags: ["math", "poetry"], age: 36 }, usage: { inputTokens: 9, outputTokens: 8 } });
  });

  it("fails with the same error when the object never validates", async () => {
    setup.models.script(reply('{"name": "x"}'), reply('{"name": "x"}'));
    const err = await failure((async () => {
      for await (const _ of setup.agent.client.streamObject(sessionId, "Who?", schema));
    })());
    expect(err).toMatchObject({ code: ErrorCodes.SCHEMA_VALIDATION, message: expect.stringContaining("$.age is required") });
  });
});
