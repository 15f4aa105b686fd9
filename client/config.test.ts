import { expect, it } from "vitest";
import { getConfig } from "./config";

it("reads the agent address, token, provider, model, base URLs and which keys are set", () => {
  expect(getConfig({})).toEqual({
    address: "localhost:4088",
    provider: "anthropic",
    model: "claude-sonnet-4-20250514",
    baseUrls: {},
    apiKeysSet: [],
  });
  const config = getConfig({
    A3S_SERVER_ADDRESS: "unix:/run/a3s.sock",
    A3S_AGENT_TOKEN: "t",
    LLM_PROVIDER: "ollama",
    OLLAMA_HOST: "http://gpu:11434",
    OPENAI_BASE_URL: "http://gw/v1",
    OPENAI_API_KEY: "sk-secret",
  });
  expect(config).toEqual({
    address: "unix:/run/a3s.sock",
    token: "t",
    provider: "ollama",
    model: "llama3.1",
    baseUrls: { ollama: "http://gpu:11434", openai: "http://gw/v1" },
    apiKeysSet: ["openai"],
  });
  expect(JSON.stringify(config)).not.toContain("sk-secret");
});
