// Command hooks (hooks.json) and host hooks (client.onHook), through the real client and
// agent process: blocking, rewriting, timing out, and a deny no hook can lift.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { StreamChunk, ToolResult } from "../common/chunks";
import type { HookPayload } from "../common/hooks";
import type { PermissionPolicy } from "../common/session";
import { startAgent, tempDir, type AgentProcess } from "./helpers/agent-process";
import { ModelServer } from "./model-server/model-server";
import { reply, toolCalls } from "./model-server/script";

let models: ModelServer;
let agent: AgentProcess;
const config = tempDir("a3s-hooks-");
const hookLog = join(config.path, "events.log");

// One small hook program; its first argument says what to do with the event on stdin.
const hookScript = `
const fs = require("node:fs");
let input = "";
process.stdin.on("data", (d) => (input += d)).on("end", () => {
  const event = JSON.parse(input);
  fs.appendFileSync(${JSON.stringify(hookLog)}, event.event + " " + event.sessionId + "\\n");
  switch (process.argv[2]) {
    case "rewrite": return console.log(JSON.stringify({ args: { command: "echo rewritten-by-command-hook" } }));
    case "allow": return console.log(JSON.stringify({ decision: "allow", reason: "the hook trusts it" }));
    case "redact": return console.log(JSON.stringify({ output: "[redacted by hook]" }));
    case "prompt":
      if (event.prompt.includes("forbidden")) { process.stderr.write("prompts may not say forbidden"); process.exit(2); }
      if (event.prompt.includes("with context")) return console.log(JSON.stringify({ additionalContext: "the deploy window is closed" }));
      return;
  }
});`;

beforeAll(async () => {
  models = await ModelServer.start();
  const script = join(config.path, "hook.cjs");
  writeFileSync(script, hookScript);
  const hook = (mode: string) => `node ${script} ${mode}`;
  writeFileSync(
    join(config.path, "hooks.json"),
    JSON.stringify({
      SessionStart: [{ command: hook("log") }],
      UserPromptSubmit: [{ command: hook("prompt") }],
      PreToolUse: [
        { matcher: "bash(blocked*)", command: "echo 'blocked commands are off limits' >&2; exit 2" },
        { matcher: "bash(rewrite*)", command: hook("rewrite") },
        { matcher: "bash(slow*)", command: "sleep 10", timeoutMs: 300 },
        { matcher: "bash(trusted*)", command: hook("allow") },
      ],
      PostToolUse: [{ matcher: "bash(echo secret*)", command: hook("redact") }],
      Stop: [{ command: hook("log") }],
      PreCompact: [{ command: hook("log") }],
      SessionEnd: [{ command: hook("log") }],
    }),
  );
  agent = await startAgent({ env: models.env(), args: ["--hooks", join(config.path, "hooks.json"), "--hook-timeout-ms", "400"] });
});

afterAll(async () => {
  await agent?.stop();
  await models?.stop();
  config.remove();
});

beforeEach(() => models.reset());

async function oneCall(command: string, policy?: PermissionPolicy, prompt = "go"): Promise<{ result: ToolResult; chunks: StreamChunk[] }> {
  const id = await agent.client.createSession(policy ? { permissionPolicy: policy } : {});
  models.script(toolCalls([{ name: "bash", args: { command } }]), reply("done"));
  const chunks: StreamChunk[] = [];
  for await (const chunk of agent.client.stream(id, prompt)) chunks.push(chunk);
  const found = chunks.find((c) => c.type === "tool-result");
  if (found?.type !== "tool-result") throw new Error(`no tool result in ${JSON.stringify(chunks)}`);
  return { result: found.toolResult, chunks };
}

describe("command hooks", () => {
  it("block with exit code 2, stderr as the reason", async () => {
    const { result } = await oneCall("blocked rm -rf /");
    expect(result).toMatchObject({ isError: true, output: "Permission denied (hook:PreToolUse(command: echo 'blocked commands are off limits' >&2; exit 2)): blocked commands are off limits" });
  });

  it("rewrite the arguments before the tool runs", async () => {
    const { result } = await oneCall("rewrite me");
    expect(result).toMatchObject({ isError: false, output: "rewritten-by-command-hook\nexit code: 0" });
  });

  it("deny when they time out", async () => {
    const { result } = await oneCall("slow thing");
    expect(result.output).toContain("hook command timed out after 300 ms");
    expect(result.decision).toMatchObject({ decision: "deny" });
  });

  it("may lift an ask, but never a deny rule", async () => {
    const lifted = await oneCall("trusted echo ok", { ask: ["bash"] });
    expect(lifted.chunks.some((c) => c.type === "confirmation-request")).toBe(false);
    expect(lifted.result.decision).toMatchObject({ decision: "allow", reason: "the hook trusts it" });
    const denied = await oneCall("trusted echo ok", { deny: ["bash(trusted*)"] });
    expect(denied.result.decision).toMatchObject({ decision: "deny", decidedBy: "rule:bash(trusted*)" });
  });

  it("rewrite a tool's result after it ran", async () => {
    const { result } = await oneCall("echo secret=hunter2");
    expect(result.output).toBe("[redacted by hook]");
  });

  it("block a prompt or add context to it", async () => {
    const id = await agent.client.createSession();
    const blocked = await agent.client.generate(id, "say forbidden").catch((e: unknown) => e);
    expect((blocked as Error).message).toContain("prompts may not say forbidden");
    expect(models.requests).toHaveLength(0);

    models.script(reply("noted"));
    await agent.client.generate(id, "deploy with context");
    const sent = JSON.stringify(models.requests[0]!.body["messages"]);
    expect(sent).toContain("the deploy window is closed");
  });

  it("hear SessionStart, UserPromptSubmit, Stop, PreCompact and SessionEnd", async () => {
    const id = await agent.client.createSession();
    models.script(reply("hi"));
    await agent.client.generate(id, "hello");
    await agent.client.compact(id);
    await agent.client.destroySession(id);
    const { readFileSync } = await import("node:fs");
    const mine = readFileSync(hookLog, "utf8").split("\n").filter((l) => l.endsWith(id)).map((l) => l.split(" ")[0]);
    expect(mine).toEqual(["SessionStart", "UserPromptSubmit", "Stop", "PreCompact", "SessionEnd"]);
  });
});

describe("host hooks", () => {
  it("block, rewrite and time out through client.onHook", async () => {
    const seen: HookPayload[] = [];
    const stop = await agent.client.onHook("PreToolUse", (payload) => {
      seen.push(payload);
      const command = String(payload.args?.["command"] ?? "");
      if (command.startsWith("hostblock")) return { decision: "deny", reason: "the host said no" };
      if (command.startsWith("hostrewrite")) return { args: { command: "echo rewritten-by-host" } };
      if (command.startsWith("hostslow")) return new Promise(() => undefined);
      return {};
    });
    try {
      const blocked = await oneCall("hostblock now");
      expect(blocked.result).toMatchObject({ isError: true, decision: { decision: "deny", decidedBy: "hook:PreToolUse(host)", reason: "the host said no" } });
      const rewritten = await oneCall("hostrewrite now");
      expect(rewritten.result).toMatchObject({ isError: false, output: "rewritten-by-host\nexit code: 0" });
      const slow = await oneCall("hostslow now");
      expect(slow.result).toMatchObject({ isError: true, decision: { decision: "deny", reason: "host hook failed: the host did not answer within 400 ms" } });
      const allowedByHost = await agent.client.onHook("PreToolUse", () => ({ decision: "allow" }));
      const denied = await oneCall("echo host-allowed", { deny: ["bash(echo host*)"] });
      expect(denied.result.decision).toMatchObject({ decision: "deny", decidedBy: "rule:bash(echo host*)" });
      allowedByHost();
      expect(seen[0]).toMatchObject({ event: "PreToolUse", tool: "bash", args: { command: "hostblock now" } });
    } finally {
      stop();
    }
  });

  it("refuse an unknown event", async () => {
    await expect(agent.client.onHook("BeforeEverything" as never, () => ({}))).rejects.toThrow('unknown hook event "BeforeEverything"');
  });
});
