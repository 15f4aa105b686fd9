// Session defaults the agent is started with (A3S_SESSION_DEFAULTS, what a box sets from its
// image's io.a3s.box.* labels and its options): every new session starts from them, and the
// options a caller gives win field by field.
import { describe, expect, it } from "vitest";
import { startAgent } from "./helpers/agent-process";
import { ModelServer } from "./model-server/model-server";
import { reply } from "./model-server/script";

const DEFAULTS = {
  model: { provider: "openai", name: "gpt-from-image" },
  system: "You are the image's agent.",
  permissionPolicy: { deny: ["bash(rm *)"], default: "allow" },
};

describe("session defaults", () => {
  it("apply to every new session, and options override them", async () => {
    const models = await ModelServer.start();
    const agent = await startAgent({ env: { ...models.env(), A3S_SESSION_DEFAULTS: JSON.stringify(DEFAULTS) } });
    try {
      const plain = await agent.client.createSession();
      const info = (await agent.client.listSessions()).find((s) => s.id === plain)!;
      expect(info.options).toEqual({ ...DEFAULTS, permissionPolicy: { allow: [], ask: [], deny: ["bash(rm *)"], default: "allow" } });
      models.script(reply("hi"));
      await agent.client.generate(plain, "hello");
      expect(models.requests[0]).toMatchObject({ path: "/v1/chat/completions", body: { model: "gpt-from-image", messages: [{ role: "system", content: expect.stringContaining("You are the image's agent.") }, expect.anything()] } });

      const own = await agent.client.createSession({ system: "mine", model: { provider: "anthropic", name: "claude-own" } });
      const ownInfo = (await agent.client.listSessions()).find((s) => s.id === own)!;
      expect(ownInfo.options).toMatchObject({ system: "mine", model: { provider: "anthropic", name: "claude-own" }, permissionPolicy: { deny: ["bash(rm *)"] } });
    } finally {
      await agent.stop();
      await models.stop();
    }
  });

  it("that are not valid stop the agent with a message naming them", async () => {
    const failed = await startAgent({ env: { A3S_SESSION_DEFAULTS: '{"model": {"provider": "acme", "name": "x"}}' } }).catch((error: unknown) => error as Error);
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error).message).toContain('A3S_SESSION_DEFAULTS: model.provider "acme" is not one of');
    const garbled = await startAgent({ env: { A3S_SESSION_DEFAULTS: "{nope" } }).catch((error: unknown) => error as Error);
    expect((garbled as Error).message).toContain("A3S_SESSION_DEFAULTS is not a JSON object of session options");
    const misnamed = await startAgent({ env: { A3S_SESSION_DEFAULTS: '{"systemPrompt": "x"}' } }).catch((error: unknown) => error as Error);
    expect((misnamed as Error).message).toContain('A3S_SESSION_DEFAULTS: unknown session option "systemPrompt" (use "system")');
  });
});
