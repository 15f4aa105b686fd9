// Sessions through the real client and agent process: lifecycle, persistence across a
// restart, corrupt files, many sessions at once.
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorCodes } from "../common/errors";
import { startAgent, tempDir, type AgentProcess } from "./helpers/agent-process";
import { ModelServer } from "./model-server/model-server";
import { reply, toolCalls } from "./model-server/script";

let models: ModelServer;
const workspace = tempDir("a3s-ws-");
const stateDir = tempDir("a3s-state-");

beforeAll(async () => {
  models = await ModelServer.start();
});

afterAll(async () => {
  await models?.stop();
  workspace.remove();
  stateDir.remove();
});

const start = () => startAgent({ env: models.env(), workspace: workspace.path, stateDir: stateDir.path });

describe("session lifecycle and persistence", () => {
  let agent: AgentProcess;
  let kept: string;
  let other: string;

  it("creates, configures, lists, clears and destroys sessions", async () => {
    agent = await start();
    kept = await agent.client.createSession({ system: "keep me", title: "Kept", model: { provider: "anthropic", name: "claude-x" } });
    other = await agent.client.createSession({ cwd: "." });
    const doomed = await agent.client.createSession();
    expect((await agent.client.healthCheck()).sessionCount).toBe(3);
    const info = await agent.client.configure(kept, { thinking: true, maxSteps: 7 });
    expect(info.options).toEqual({ system: "keep me", title: "Kept", model: { provider: "anthropic", name: "claude-x" }, thinking: true, maxSteps: 7 });
    await agent.client.destroySession(doomed);
    expect(existsSync(join(stateDir.path, `${doomed}.json`))).toBe(false);
    expect((await agent.client.listSessions()).map((s) => s.id)).toEqual([kept, other]);
    expect((await agent.client.destroySession(doomed).catch((e: unknown) => e)) as { code: string }).toMatchObject({ code: ErrorCodes.SESSION_NOT_FOUND });

    models.script(toolCalls([{ name: "ls", args: {} }]), reply("remembered"));
    await agent.client.generate(kept, "remember this");
    models.script(reply("scratch"));
    await agent.client.generate(other, "throwaway");
    await agent.client.clear(other);
    expect(await agent.client.getHistory(other)).toEqual([]);
    expect(await agent.client.getContextUsage(other)).toEqual({ usedTokens: 0, contextWindow: 200_000, messageCount: 0 });
  });

  it("restores every session and its history after a restart", async () => {
    const before = await agent.client.getHistory(kept);
    await agent.stop();
    agent = await start();
    expect((await agent.client.listSessions()).map((s) => [s.id, s.messageCount])).toEqual([[kept, 4], [other, 0]]);
    expect(await agent.client.getHistory(kept)).toEqual(before);
    models.reset();
    models.script(reply("still here"));
    expect((await agent.client.generate(kept, "are you there?")).text).toBe("still here");
    const sent = models.requests[0]!.body as { model: string; system: string; messages: unknown[]; thinking: unknown };
    expect(sent).toMatchObject({ model: "claude-x", system: "keep me", thinking: { type: "enabled" } });
    expect(sent.messages).toHaveLength(5);
  });

  it("reports a corrupt session file and skips it, without crashing", async () => {
    await agent.stop();
    writeFileSync(join(stateDir.path, "broken.json"), "{ not json");
    writeFileSync(join(stateDir.path, "wrong-shape.json"), JSON.stringify({ hello: "world" }));
    agent = await start();
    try {
      expect((await agent.client.listSessions()).map((s) => s.id)).toEqual([kept, other]);
      expect(agent.stderr()).toContain("skipping stored session broken: session file");
      expect(agent.stderr()).toContain("is not valid JSON");
      expect(agent.stderr()).toContain("skipping stored session wrong-shape: session file");
      expect(readdirSync(stateDir.path).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    } finally {
      await agent.stop();
    }
  });
});

describe("compact", () => {
  it("summarises older turns with the model, keeps the last two, and reports tokens", async () => {
    const agent = await start();
    try {
      models.reset();
      const id = await agent.client.createSession({ system: "base prompt" });
      expect(await agent.client.compact(id)).toEqual({ tokensBefore: 0, tokensAfter: 0, messagesBefore: 0, messagesAfter: 0 });
      models.script(
        toolCalls([{ name: "write", args: { file_path: "plan.md", content: "step 1" } }]),
        reply("Wrote the plan."),
        reply("Second answer."),
        reply("Third answer.", { usage: { input: 5000, output: 40 } }),
      );
      await agent.client.generate(id, "first: write the plan");
      await agent.client.generate(id, "second question");
      await agent.client.generate(id, "third question");
      models.script(reply("The user asked for a plan; plan.md was written with step 1."));
      const outcome = await agent.client.compact(id);
      expect(outcome).toMatchObject({ tokensBefore: 5040, messagesBefore: 8, messagesAfter: 4 });
      expect(outcome.tokensAfter).toBeGreaterThan(0);
      expect(outcome.tokensAfter).toBeLessThan(outcome.tokensBefore);

      const summarise = models.requests.at(-1)!.body as { messages: Array<{ content: string }>; tools?: unknown };
      expect(summarise.tools).toBeUndefined();
      expect(summarise.messages[0]!.content).toContain("USER: first: write the plan");
      expect(summarise.messages[0]!.content).toContain('[calls write {"file_path":"plan.md","content":"step 1"}]');
      expect(summarise.messages[0]!.content).not.toContain("second question");

      const history = await agent.client.getHistory(id);
      expect(history.map((m) => [m.role, m.text])).toEqual([
        ["system", "Summary of the earlier conversation:\nThe user asked for a plan; plan.md was written with step 1."],
        ["user", "second question"], ["assistant", "Second answer."], ["user", "third question"], ["assistant", "Third answer."],
      ]);
      expect((await agent.client.getContextUsage(id)).usedTokens).toBe(outcome.tokensAfter);

      models.script(reply("Fourth."));
      await agent.client.generate(id, "fourth");
      const next = models.requests.at(-1)!.body as { system: string; messages: unknown[] };
      expect(next.system).toBe("base prompt\n\nSummary of the earlier conversation:\nThe user asked for a plan; plan.md was written with step 1.");
      expect(next.messages).toHaveLength(5);
    } finally {
      await agent.stop();
    }
  });
});

describe("many sessions", () => {
  it("run turns at the same time, independently", async () => {
    const agent = await start();
    try {
      const ids = await Promise.all([1, 2, 3].map((n) => agent.client.createSession({ system: `session-${n}` })));
      for (const n of [1, 2, 3]) {
        // Each command waits until all three have started: only turns that run side by side finish.
        const command = `touch started-${n}; until [ "$(ls started-* | wc -l)" -ge 3 ]; do sleep 0.05; done; echo ${n}`;
        models.scriptFor(`session-${n}`, toolCalls([{ name: "bash", args: { command, timeout_ms: 15_000 } }], { delayMs: 20 }), reply([`answer `, `${n}`], { delayMs: 20 }));
      }
      const results = await Promise.all(ids.map((id, i) => agent.client.generate(id, `question ${i + 1}`)));
      expect(results.map((r) => r.text)).toEqual(["answer 1", "answer 2", "answer 3"]);
      expect(results.map((r) => r.toolResults[0]!.output)).toEqual(["1\nexit code: 0", "2\nexit code: 0", "3\nexit code: 0"]);
    } finally {
      await agent.stop();
    }
  });
});
