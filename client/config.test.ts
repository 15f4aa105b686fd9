import { expect, it } from "vitest";
import { ErrorCodes } from "../common/errors";
import { getConfig } from "./config";

it("has the design's shape: serverAddress and model as { provider, name }", () => {
  expect(getConfig({})).toEqual({
    serverAddress: "localhost:4088",
    model: { provider: "anthropic", name: "claude-sonnet-4-20250514" },
    baseUrls: {},
    apiKeysSet: [],
  });
  const config = getConfig({
    A3S_SERVER_ADDRESS: "unix:/run/a3s.sock",
    A3S_AGENT_TOKEN: "t",
    LLM_PROVIDER: "ollama",
    LLM_MODEL: "qwen3",
    OLLAMA_HOST: "http://gpu:11434",
    OPENAI_BASE_URL: "http://gw/v1",
    OPENAI_API_KEY: "sk-secret",
  });
  expect(config).toEqual({
    serverAddress: "unix:/run/a3s.sock",
    token: "t",
    model: { provider: "ollama", name: "qwen3" },
    baseUrls: { ollama: "http://gpu:11434", openai: "http://gw/v1" },
    apiKeysSet: ["openai"],
  });
  expect(JSON.stringify(config)).not.toContain("sk-secret");
});

it("refuses an unknown LLM_PROVIDER by name", () => {
  expect(() => getConfig({ LLM_PROVIDER: "antropic" })).toThrow(expect.objectContaining({ code: ErrorCodes.INVALID_ARGUMENT, message: expect.stringContaining('LLM_PROVIDER="antropic"') }));
});
