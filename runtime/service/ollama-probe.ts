/**
 * Host-side checks of a local Ollama server: the models it has, and whether one of them
 * streams, calls tools and follows a JSON Schema (Ollama's native API via the `ollama`
 * library).
 */
import { Ollama } from "ollama";
import { A3sError, ErrorCodes } from "../../common/errors";
import type { ModelTestReport, OllamaModel } from "../../common/box-api";

const WEATHER_TOOL = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Current weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};

const PERSON_SCHEMA = {
  type: "object",
  properties: { name: { type: "string" }, age: { type: "integer" } },
  required: ["name", "age"],
};

function unreachable(host: string, error: unknown): A3sError {
  const message = error instanceof Error ? error.message : String(error);
  return new A3sError(ErrorCodes.UNAVAILABLE, `cannot reach Ollama at ${host}: ${message}. Is \`ollama serve\` running?`, { cause: error });
}

export async function listOllamaModels(host: string): Promise<OllamaModel[]> {
  const ollama = new Ollama({ host });
  try {
    const { models } = await ollama.list();
    return models.map((m) => ({
      name: m.name,
      sizeBytes: m.size,
      parameterSize: m.details?.parameter_size ?? "",
      family: m.details?.family ?? "",
    }));
  } catch (error) {
    throw unreachable(host, error);
  }
}

function followsPersonSchema(text: string): boolean {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    return typeof value.name === "string" && Number.isInteger(value.age);
  } catch {
    return false;
  }
}

type ChatRequest = Parameters<Ollama["chat"]>[0];

/** One streamed chat, gathered: every check streams, as the agent does. */
async function streamChat(ollama: Ollama, request: Omit<ChatRequest, "stream">) {
  const stream = await ollama.chat({ ...request, stream: true });
  let content = "";
  let parts = 0;
  let tokensPerSecond: number | null = null;
  const toolCalls: Array<{ name: string; arguments: unknown }> = [];
  for await (const part of stream) {
    if (part.message.content) {
      parts += 1;
      content += part.message.content;
    }
    for (const call of part.message.tool_calls ?? []) toolCalls.push(call.function);
    if (part.done && part.eval_count > 0 && part.eval_duration > 0) tokensPerSecond = part.eval_count / (part.eval_duration / 1e9);
  }
  return { content, parts, toolCalls, tokensPerSecond };
}

async function checkStreaming(ollama: Ollama, model: string, notes: string[]) {
  const { parts, tokensPerSecond } = await streamChat(ollama, { model, messages: [{ role: "user", content: "Count from 1 to 10, one number per line." }] });
  notes.push(parts > 1 ? `streamed the answer in ${parts} parts` : `the answer arrived in ${parts} part(s), not streamed`);
  return { streams: parts > 1, tokensPerSecond };
}

async function checkTools(ollama: Ollama, model: string, notes: string[]): Promise<boolean> {
  const { toolCalls } = await streamChat(ollama, {
    model,
    messages: [{ role: "user", content: "What is the weather in Paris? Use the get_weather tool." }],
    tools: [WEATHER_TOOL],
  });
  const call = toolCalls.find((c) => c.name === "get_weather");
  notes.push(call ? `called get_weather with ${JSON.stringify(call.arguments)}` : "answered without calling the tool");
  return call !== undefined;
}

async function checkJsonSchema(ollama: Ollama, model: string, notes: string[]): Promise<boolean> {
  const { content } = await streamChat(ollama, {
    model,
    messages: [{ role: "user", content: "Invent a person. Reply with their name and age as JSON." }],
    format: PERSON_SCHEMA,
  });
  const ok = followsPersonSchema(content);
  notes.push(ok ? "followed the JSON Schema" : `did not follow the JSON Schema: ${content.slice(0, 120)}`);
  return ok;
}

/** Runs each check in turn; a check that fails counts as "no" with the reason in `notes`. */
export async function testOllamaModel(host: string, model: string): Promise<ModelTestReport> {
  const ollama = new Ollama({ host });
  const notes: string[] = [];
  const attempt = async <T>(check: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await check();
    } catch (error) {
      if (error instanceof TypeError) throw unreachable(host, error);
      notes.push(`error: ${error instanceof Error ? error.message : String(error)}`);
      return fallback;
    }
  };
  const { streams, tokensPerSecond } = await attempt(() => checkStreaming(ollama, model, notes), { streams: false, tokensPerSecond: null });
  const callsTools = await attempt(() => checkTools(ollama, model, notes), false);
  const followsJsonSchema = await attempt(() => checkJsonSchema(ollama, model, notes), false);
  return { model, streams, callsTools, followsJsonSchema, tokensPerSecond, notes };
}
