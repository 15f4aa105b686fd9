// Permission policies and human-in-the-loop, through the real client and agent process.
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ConfirmationRequest, StreamChunk, ToolResult } from "../common/chunks";
import { A3sError } from "../common/errors";
import type { PermissionPolicy } from "../common/session";
import { startAgent, type AgentProcess } from "./helpers/agent-process";
import { ModelServer } from "./model-server/model-server";
import { reply, toolCalls } from "./model-server/script";

let models: ModelServer;
let agent: AgentProcess;

beforeAll(async () => {
  models = await ModelServer.start();
  agent = await startAgent({ env: models.env() });
});

afterAll(async () => {
  await agent?.stop();
  await models?.stop();
});

beforeEach(() => models.reset());

async function sessionWith(policy?: PermissionPolicy, confirmationTimeoutMs?: number): Promise<string> {
  return agent.client.createSession({ ...(policy ? { permissionPolicy: policy } : {}), ...(confirmationTimeoutMs ? { confirmationTimeoutMs } : {}) });
}

/** The model calls each tool once, in order, then says "done"; returns the results. */
async function runCalls(sessionId: string, calls: Array<{ name: string; args: Record<string, unknown> }>): Promise<ToolResult[]> {
  models.script(toolCalls(calls), reply("done"));
  return (await agent.client.generate(sessionId, "go")).toolResults;
}

/** Streams a turn that makes one tool call, answering its confirmation request with `answer`. */
async function streamAnswering(
  sessionId: string,
  call: { name: string; args: Record<string, unknown> },
  answer?: (request: ConfirmationRequest) => Promise<void>,
): Promise<StreamChunk[]> {
  models.script(toolCalls([call]), reply("done"));
  const chunks: StreamChunk[] = [];
  for await (const chunk of agent.client.stream(sessionId, "go")) {
    chunks.push(chunk);
    if (chunk.type === "confirmation-request" && answer) await answer(chunk.confirmationRequest);
  }
  return chunks;
}

const bash = (command: string) => ({ name: "bash", args: { command } });
function resultOf(chunks: StreamChunk[]): ToolResult | undefined {
  const chunk = chunks.find((c) => c.type === "tool-result");
  return chunk?.type === "tool-result" ? chunk.toolResult : undefined;
}

describe("policy rules", () => {
  it("applies each rule form: bare tool, command pattern, path pattern, file-name pattern", async () => {
    writeFileSync(join(agent.workspace, "notes.md"), "# notes\n");
    const id = await sessionWith({ deny: ["read(*.md)", "write(src/**)", "bash(rm *)"], allow: ["bash(echo *)", "read", "write"], default: "deny" });
    const [rm, echo, ls, md, srcWrite, otherWrite] = await runCalls(id, [
      bash("rm -rf /tmp/nothing"), bash("echo hi"), bash("ls"),
      { name: "read", args: { file_path: "notes.md" } },
      { name: "write", args: { file_path: "src/a.ts", content: "x" } },
      { name: "write", args: { file_path: "lib/a.ts", content: "x" } },
    ]);
    expect(rm).toMatchObject({ isError: true, decision: { decision: "deny", decidedBy: "rule:bash(rm *)" } });
    expect(rm!.output).toBe('Permission denied (rule:bash(rm *)): deny rule "bash(rm *)" matched');
    expect(echo).toMatchObject({ isError: false, output: "hi\nexit code: 0", decision: { decision: "allow", decidedBy: "rule:bash(echo *)" } });
    expect(ls).toMatchObject({ isError: true, decision: { decision: "deny", decidedBy: "default" } });
    expect(md).toMatchObject({ isError: true, decision: { decidedBy: "rule:read(*.md)" } });
    expect(srcWrite).toMatchObject({ isError: true, decision: { decidedBy: "rule:write(src/**)" } });
    expect(existsSync(join(agent.workspace, "src/a.ts"))).toBe(false);
    expect(otherWrite).toMatchObject({ isError: false, decision: { decision: "allow", decidedBy: "rule:write" } });
  });

  it("evaluates deny, then ask, then allow; the first match wins", async () => {
    const id = await sessionWith({ deny: ["bash(git push*)"], ask: ["bash(git *)"], allow: ["bash"] });
    const [push, ls] = await runCalls(id, [bash("git push origin main"), bash("true")]);
    expect(push!.decision).toMatchObject({ decision: "deny", decidedBy: "rule:bash(git push*)" });
    expect(ls!.decision).toMatchObject({ decision: "allow", decidedBy: "rule:bash" });
    const asked = await streamAnswering(id, bash("git status"), (r) => agent.client.respondToConfirmation(id, r.requestId, { decision: "deny" }));
    expect(asked.find((c) => c.type === "confirmation-request")).toMatchObject({ confirmationRequest: { tool: "bash", reason: 'ask rule "bash(git *)" matched' } });
  });

  it("allows everything without a policy", async () => {
    const [r] = await runCalls(await sessionWith(), [bash("echo free")]);
    expect(r).toMatchObject({ isError: false, decision: { decision: "allow", decidedBy: "default" } });
  });

  it("does not offer a tool denied without a pattern to the model", async () => {
    const id = await sessionWith({ deny: ["bash", "write(src/**)"] });
    models.script(reply("ok"));
    await agent.client.generate(id, "hi");
    const offered = (models.requests[0]!.body["tools"] as Array<{ name: string }>).map((t) => t.name);
    expect(offered).not.toContain("bash");
    expect(offered).toContain("write");
  });

  it("changes with setPermissionPolicy, persists, and refuses a bad rule naming it", async () => {
    const id = await sessionWith();
    await agent.client.setPermissionPolicy(id, { deny: ["bash(echo *)"] });
    const [r] = await runCalls(id, [bash("echo no")]);
    expect(r!.decision).toMatchObject({ decision: "deny" });
    const info = (await agent.client.listSessions()).find((s) => s.id === id)!;
    expect(info.options.permissionPolicy).toEqual({ allow: [], ask: [], deny: ["bash(echo *)"] });
    const err = await agent.client.setPermissionPolicy(id, { allow: ["bash(oops"] }).catch((e: unknown) => e);
    expect(A3sError.is(err, "INVALID_ARGUMENT")).toBe(true);
    expect((err as Error).message).toContain('invalid permission rule "bash(oops"');
  });
});

describe("confirmations", () => {
  it("ask → allow runs the tool and records the human decision in the history", async () => {
    const id = await sessionWith({ ask: ["bash"] });
    const chunks = await streamAnswering(id, bash("echo approved"), (r) => agent.client.respondToConfirmation(id, r.requestId, { decision: "allow" }));
    expect(chunks.map((c) => c.type)).toEqual(["tool-call", "confirmation-request", "confirmation-resolved", "tool-result", "text-delta", "finish"]);
    expect(resultOf(chunks)).toMatchObject({ isError: false, output: "approved\nexit code: 0", decision: { decision: "allow", decidedBy: "human" } });
    const history = await agent.client.getHistory(id);
    expect(history.find((m) => m.role === "tool")!.toolResults[0]!.decision).toEqual({ decision: "allow", decidedBy: "human", reason: "the user answered allow" });
  });

  it("ask → deny returns the user's message to the model", async () => {
    const id = await sessionWith({ ask: ["bash"] });
    const chunks = await streamAnswering(id, bash("touch x"), (r) => agent.client.respondToConfirmation(id, r.requestId, { decision: "deny", message: "not now" }));
    expect(resultOf(chunks)).toMatchObject({ isError: true, output: "Permission denied (human): the user answered deny: not now" });
    expect(existsSync(join(agent.workspace, "x"))).toBe(false);
  });

  it("ask → timeout denies with the reason", async () => {
    const id = await sessionWith({ ask: ["bash"] }, 300);
    const chunks = await streamAnswering(id, bash("echo never"));
    expect(chunks.find((c) => c.type === "confirmation-resolved")).toMatchObject({ confirmationResolved: { decision: "deny", reason: "timeout" } });
    expect(resultOf(chunks)).toMatchObject({ isError: true, output: "Permission denied (timeout): no answer within 300 ms, so the call was denied" });
  });

  it("remember=session (Always allow) adds exactly the rule the request offered, never the whole tool", { timeout: 90_000 }, async () => {
    const id = await sessionWith({ ask: ["bash(npm *)", "bash"] });
    const offered: Array<string | undefined> = [];
    const answer = async (r: ConfirmationRequest) => {
      offered.push(r.alwaysAllowRule);
      await agent.client.respondToConfirmation(id, r.requestId, { decision: "allow", remember: "session" });
    };
    const first = await streamAnswering(id, bash("npm --version"), answer);
    expect(resultOf(first)!.decision).toEqual({ decision: "allow", decidedBy: "human", reason: "the user answered allow, and always allowed bash(npm --version)" });
    const again = await streamAnswering(id, bash("npm --version"), answer);
    expect(resultOf(again)!.decision).toMatchObject({ decision: "allow", decidedBy: "session:bash(npm --version)" });
    await streamAnswering(id, bash("npm --help"), answer);
    await streamAnswering(id, bash("echo a && echo b"), answer);
    expect(offered).toEqual(["bash(npm --version)", "bash(npm --help)", undefined]);
    const other = await sessionWith({ ask: ["bash(npm *)"] });
    const fresh = await streamAnswering(other, bash("npm --version"), (r) => agent.client.respondToConfirmation(other, r.requestId, { decision: "deny" }));
    expect(fresh.some((c) => c.type === "confirmation-request")).toBe(true);
  });

  it("asks about tools an allow-only policy does not list, and denies them when nobody answers", async () => {
    const id = await sessionWith({ allow: ["read"] }, 300);
    const [read, write] = await runCalls(id, [{ name: "read", args: { file_path: "notes.md" } }, { name: "write", args: { file_path: "unlisted.txt", content: "x" } }]);
    expect(read).toMatchObject({ isError: false, decision: { decision: "allow", decidedBy: "rule:read" } });
    expect(write).toMatchObject({ isError: true, decision: { decision: "deny", decidedBy: "human" } });
    expect(existsSync(join(agent.workspace, "unlisted.txt"))).toBe(false);
  });

  it("matches paths as the tool uses them: against the session's cwd and through symbolic links", async () => {
    mkdirSync(join(agent.workspace, "app"), { recursive: true });
    symlinkSync("app", join(agent.workspace, "lnk"));
    const id = await agent.client.createSession({ cwd: "app", permissionPolicy: { deny: ["write(app/**)"], default: "allow" } });
    const [relative, linked, outside] = await runCalls(id, [
      { name: "write", args: { file_path: "a.ts", content: "x" } },
      { name: "write", args: { file_path: "../lnk/evil.ts", content: "x" } },
      { name: "write", args: { file_path: "../other.ts", content: "x" } },
    ]);
    expect(relative).toMatchObject({ isError: true, decision: { decidedBy: "rule:write(app/**)" } });
    expect(linked).toMatchObject({ isError: true, decision: { decidedBy: "rule:write(app/**)" } });
    expect(outside).toMatchObject({ isError: false, decision: { decision: "allow", decidedBy: "default" } });
    expect(existsSync(join(agent.workspace, "app/a.ts")) || existsSync(join(agent.workspace, "app/evil.ts"))).toBe(false);
  });

  it("shows write and edit as a diff before anything changes", async () => {
    writeFileSync(join(agent.workspace, "greeting.txt"), "hello world\n");
    const id = await sessionWith({ ask: ["write", "edit"] });
    const seen: ConfirmationRequest[] = [];
    const deny = async (r: ConfirmationRequest) => {
      seen.push(r);
      expect(readFileSync(join(agent.workspace, "greeting.txt"), "utf8")).toBe("hello world\n");
      await agent.client.respondToConfirmation(id, r.requestId, { decision: "deny" });
    };
    await streamAnswering(id, { name: "edit", args: { file_path: "greeting.txt", old_string: "world", new_string: "there" } }, deny);
    await streamAnswering(id, { name: "write", args: { file_path: "new.txt", content: "fresh" } }, deny);
    expect(seen[0]!.diff).toEqual({ path: "greeting.txt", before: "hello world\n", after: "hello there\n", isNewFile: false });
    expect(seen[1]!.diff).toEqual({ path: "new.txt", before: "", after: "fresh", isNewFile: true });
  });

  it("cancelling the turn withdraws the request", async () => {
    const id = await sessionWith({ ask: ["bash"] });
    const chunks = await streamAnswering(id, bash("echo late"), async (r) => {
      expect(await agent.client.cancel(id)).toBe(true);
      const late = await agent.client.respondToConfirmation(id, r.requestId, { decision: "allow" }).catch((e: unknown) => e);
      expect(A3sError.is(late, "NOT_FOUND")).toBe(true);
    });
    expect(chunks.find((c) => c.type === "confirmation-resolved")).toMatchObject({ confirmationResolved: { decision: "deny", reason: "cancelled" } });
    expect(chunks.at(-1)).toMatchObject({ type: "finish", finish: { finishReason: "cancelled" } });
  });

  it("generate() asks onConfirm, and denies an ask without one", async () => {
    const id = await sessionWith({ ask: ["bash"] });
    models.script(toolCalls([bash("echo via-callback")]), reply("done"));
    const requests: ConfirmationRequest[] = [];
    const approved = await agent.client.generate(id, "go", { onConfirm: (r) => (requests.push(r), { decision: "allow" }) });
    expect(requests[0]).toMatchObject({ tool: "bash", args: { command: "echo via-callback" } });
    expect(approved.toolResults[0]).toMatchObject({ isError: false, output: "via-callback\nexit code: 0" });

    models.script(toolCalls([bash("echo unasked")]), reply("done"));
    const denied = await agent.client.generate(id, "go");
    expect(denied.toolResults[0]).toMatchObject({ isError: true, decision: { decision: "deny", decidedBy: "human" } });
    expect(denied.toolResults[0]!.output).toContain("no onConfirm handler");
  });
});
