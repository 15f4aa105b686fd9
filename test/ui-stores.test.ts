// The renderer's stores (no React) driving a real BoxService, attached to the real agent
// process over gRPC, with the test model server as the provider.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_UI_POLICY } from "../common/box-api";
import { BoxService } from "../runtime/service/box-service";
import { connectAgent } from "../runtime/service/connect-agent";
import { FileSecretStore } from "../runtime/service/secret-store";
import { createAppStore, type AppStore } from "../src-renderer/state/app-store";
import { createSettingsStore, type SettingsStore } from "../src-renderer/state/settings-store";
import { createWorkspaceStore, type WorkspaceStore } from "../src-renderer/state/workspace-store";
import { startAgent, tempDir, type AgentProcess } from "./helpers/agent-process";
import { ModelServer } from "./model-server/model-server";
import { reply, toolCalls } from "./model-server/script";

const MODEL = { LLM_PROVIDER: "openai", LLM_MODEL: "test-model", OPENAI_API_KEY: "test-key" };

let models: ModelServer;
let agent: AgentProcess;
let state: { path: string; remove(): void };
let service: BoxService;
let app: AppStore;
let workspace: WorkspaceStore;
let settings: SettingsStore;
let stopEvents: () => void;

beforeAll(async () => {
  models = await ModelServer.start();
  agent = await startAgent({ env: { ...models.env(), ...MODEL } });
  writeFileSync(join(agent.workspace, "readme.md"), "# hello\n");
  state = tempDir("a3s-ui-state-");
  service = await BoxService.open({
    stateDir: state.path,
    secrets: new FileSecretStore(state.path),
    host: "browser",
    version: "test",
    env: MODEL,
    attach: connectAgent(agent.address),
  });
  app = createAppStore(service);
  workspace = createWorkspaceStore(service);
  settings = createSettingsStore(service);
  const unsubscribe = service.onEvent((event) => {
    void workspace.getState().handleEvent(event);
    settings.getState().handleEvent(event);
  });
  const stopApp = await app.getState().start();
  stopEvents = () => {
    unsubscribe();
    stopApp();
  };
});

afterAll(async () => {
  stopEvents?.();
  await service?.dispose();
  await agent?.stop();
  await models?.stop();
  state?.remove();
});

const session = () => app.getState().sessions.find((s) => s.id === app.getState().selectedSessionId)!;
const transcript = () => app.getState().transcripts[app.getState().selectedSessionId!] ?? [];

describe("app store", () => {
  it("starts on the attached agent's box", () => {
    expect(app.getState().info).toMatchObject({ host: "browser", attached: true });
    expect(app.getState().boxes).toEqual([expect.objectContaining({ id: "agent", state: "ready", workspace: expect.stringContaining(agent.address) })]);
    expect(app.getState().selectedBoxId).toBe("agent");
  });

  it("creates a session with the ask-before-changes policy and streams a turn into the transcript", async () => {
    await app.getState().createSession();
    expect(session()).toMatchObject({ title: "Session 1", running: false, policy: { ask: ["bash", "write", "edit"] } });
    models.script(toolCalls([{ name: "ls", args: {} }]), reply(["Two ", "files."]));
    expect(await app.getState().send("what is here?")).toBe(true);
    await expect.poll(() => session().running).toBe(false);
    expect(transcript()).toEqual([
      { kind: "user", id: "user-0", text: "what is here?" },
      expect.objectContaining({ kind: "tool", name: "ls", status: "done", output: expect.stringContaining("readme.md") }),
      { kind: "assistant", id: "assistant-2", text: "Two files." },
    ]);
    await expect.poll(() => app.getState().usage[session().id]?.usedTokens ?? 0).toBeGreaterThan(0);
  });

  it("lists a pending approval and carries the answer to the agent", async () => {
    models.script(toolCalls([{ name: "write", args: { file_path: "made.txt", content: "made\n" } }]), reply("done"));
    await app.getState().send("make a file");
    await expect.poll(() => app.getState().approvals.length).toBe(1);
    const approval = app.getState().approvals[0]!;
    expect(approval).toMatchObject({ tool: "write", diff: { path: "made.txt", isNewFile: true, after: "made\n" } });
    expect(existsSync(join(agent.workspace, "made.txt"))).toBe(false);
    await app.getState().answer(approval, { decision: "allow", remember: "once" });
    await expect.poll(() => session().running).toBe(false);
    expect(readFileSync(join(agent.workspace, "made.txt"), "utf8")).toBe("made\n");
    expect(app.getState().approvals).toEqual([]);
  });

  it("keeps the conversation when the service restarts", async () => {
    const again = await BoxService.open({
      stateDir: state.path, secrets: new FileSecretStore(state.path), host: "browser", version: "test", env: MODEL,
      attach: connectAgent(agent.address),
    });
    try {
      const restored = createAppStore(again);
      (await restored.getState().start())();
      expect(restored.getState().sessions.map((s) => s.title)).toEqual(["Session 1"]);
      expect(restored.getState().transcripts[session().id]).toEqual(transcript());
    } finally {
      await again.dispose();
    }
  });
});

describe("Always allow", () => {
  it("stores exactly the rule the agent remembers, and a restarted agent gets that rule and no wider one", { timeout: 240_000 }, async () => {
    models.script(toolCalls([{ name: "bash", args: { command: "echo always" } }]), reply("done"));
    await app.getState().send("run it");
    await expect.poll(() => app.getState().approvals.length).toBe(1);
    const approval = app.getState().approvals[0]!;
    expect(approval.alwaysAllowRule).toBe("bash(echo always)");
    await app.getState().answer(approval, { decision: "allow", remember: "session" });
    await expect.poll(() => session().running).toBe(false);
    expect(session().policy).toEqual({ ...DEFAULT_UI_POLICY, remembered: ["bash(echo always)"] });

    // A fresh agent process knows no session: the service recreates it there with the stored policy.
    const fresh = await startAgent({ env: { ...models.env(), ...MODEL }, workspace: agent.workspace });
    const again = await BoxService.open({
      stateDir: state.path, secrets: new FileSecretStore(state.path), host: "browser", version: "test", env: MODEL,
      attach: connectAgent(fresh.address),
    });
    try {
      const id = session().id;
      const idle = async () => !(await again.listSessions("agent")).find((s) => s.id === id)!.running;
      const lastTool = async () => (await again.getTranscript(id)).filter((i) => i.kind === "tool").at(-1);
      models.script(toolCalls([{ name: "bash", args: { command: "echo always" } }]), reply("done"));
      await again.send(id, "again");
      await expect.poll(idle, { timeout: 60_000 }).toBe(true);
      expect(await again.listPendingApprovals()).toEqual([]);
      expect(await lastTool()).toMatchObject({ status: "done", decision: { decision: "allow", decidedBy: "session:bash(echo always)" } });

      models.script(toolCalls([{ name: "bash", args: { command: "echo wider" } }]), reply("done"));
      await again.send(id, "wider");
      await expect.poll(async () => (await again.listPendingApprovals()).length, { timeout: 60_000 }).toBe(1);
      const pending = (await again.listPendingApprovals())[0]!;
      expect(pending).toMatchObject({ tool: "bash", alwaysAllowRule: "bash(echo wider)" });
      await again.respondToApproval(id, pending.requestId, { decision: "deny" });
      await expect.poll(idle, { timeout: 60_000 }).toBe(true);
      expect(await lastTool()).toMatchObject({ status: "denied", decision: { decision: "deny", decidedBy: "human" } });
    } finally {
      await again.dispose();
      await fresh.stop();
    }
  });
});

describe("workspace store", () => {
  it("lists the workspace, opens, edits and saves a file, and follows the agent's changes", async () => {
    await workspace.getState().openBox("agent");
    expect(workspace.getState().dirs[""]?.map((e) => e.name)).toEqual(expect.arrayContaining(["readme.md"]));
    await workspace.getState().openFile("readme.md");
    workspace.getState().edit("# hello\nedited\n");
    await workspace.getState().save();
    expect(readFileSync(join(agent.workspace, "readme.md"), "utf8")).toBe("# hello\nedited\n");

    writeFileSync(join(agent.workspace, "readme.md"), "# changed by the agent\n");
    await expect.poll(() => workspace.getState().file?.draft).toBe("# changed by the agent\n");
    writeFileSync(join(agent.workspace, "later.txt"), "x");
    await expect.poll(() => workspace.getState().dirs[""]?.map((e) => e.name)).toContain("later.txt");
  });

  it("shows a clear error for paths outside the workspace", async () => {
    await workspace.getState().openFile("../../etc/passwd");
    expect(workspace.getState().error).toBe('../../etc/passwd is outside the workspace: ".." is not allowed');
  });
});

describe("settings store", () => {
  it("stores a key on the host and only ever shows that one is set", async () => {
    await settings.getState().load();
    await settings.getState().setKey("anthropic", "sk-ant-very-secret");
    const shown = settings.getState().settings!;
    expect(shown.providers.find((p) => p.provider === "anthropic")).toEqual({ provider: "anthropic", baseUrl: "", hasKey: true });
    expect(JSON.stringify(shown)).not.toContain("sk-ant-very-secret");
    await settings.getState().update({ defaultModel: { provider: "ollama", name: "qwen3" } });
    expect(settings.getState().settings?.defaultModel).toEqual({ provider: "ollama", name: "qwen3" });
  });
});
