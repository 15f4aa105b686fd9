import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ToolCall } from "../../../common/chunks";
import { loadHookConfig, parseHookConfig, type CommandHook } from "./hook-config";
import { assertHookEvents, parseHookResult } from "./hook-events";
import { HookRunner } from "./hook-runner";
import { HostHookBroker, type HookInvocation } from "./host-hooks";
import { unlimitedProcesses } from "../limits/tool-processes";

let workspace: string;
beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), "a3s-hooks-"));
});
afterAll(() => rm(workspace, { recursive: true, force: true }));

const bash = (command: string): ToolCall => ({ id: "c1", name: "bash", args: { command } });
const hook = (event: CommandHook["event"], command: string, extra: Partial<CommandHook> = {}): CommandHook => ({ event, command, timeoutMs: 10_000, ...extra });
const runner = (commandHooks: CommandHook[], host = new HostHookBroker(), errors: string[] = []) =>
  new HookRunner({ workspace, commandHooks, host, hostTimeoutMs: 200, processes: unlimitedProcesses, onError: (m) => errors.push(m) });

describe("command hooks", () => {
  it("get the event as JSON on stdin and may rewrite the arguments", async () => {
    const script = `node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const e=JSON.parse(s);console.log(JSON.stringify({args:{command:e.args.command+" --dry-run"}, decision: e.event==="PreToolUse"?"allow":undefined}))})'`;
    const verdict = await runner([hook("PreToolUse", script)]).preToolUse("s1", bash("make deploy"));
    expect(verdict).toMatchObject({ decision: "allow", args: { command: "make deploy --dry-run" } });
    expect(verdict.decidedBy).toMatch(/^hook:PreToolUse\(command: node -e/);
  });

  it("block with exit code 2, stderr being the reason", async () => {
    const verdict = await runner([hook("PreToolUse", "echo 'no pushes on Fridays' >&2; exit 2")]).preToolUse("s1", bash("git push"));
    expect(verdict).toMatchObject({ decision: "deny", reason: "no pushes on Fridays" });
  });

  it("block a gating event when they time out or answer nonsense", async () => {
    const slow = await runner([hook("PreToolUse", "sleep 5", { timeoutMs: 100 })]).preToolUse("s1", bash("ls"));
    expect(slow).toMatchObject({ decision: "deny", reason: "hook command timed out after 100 ms" });
    const bad = await runner([hook("PreToolUse", `echo '{"decision":"maybe"}'`)]).preToolUse("s1", bash("ls"));
    expect(bad).toMatchObject({ decision: "deny", reason: "hook command failed: its PreToolUse answer is invalid: answer.decision must be one of allow, deny, ask" });
  });

  it("run only when the matcher rule matches the call", async () => {
    const r = runner([hook("PreToolUse", "exit 2", { matcher: { tool: "bash", pattern: "git push*" } })]);
    expect((await r.preToolUse("s1", bash("git status"))).decision).toBeUndefined();
    expect((await r.preToolUse("s1", bash("git push origin"))).decision).toBe("deny");
  });

  it("fold answers: deny beats ask beats allow", async () => {
    const r = runner([hook("PreToolUse", `echo '{"decision":"allow"}'`), hook("PreToolUse", `echo '{"decision":"ask","reason":"risky"}'`)]);
    expect(await r.preToolUse("s1", bash("ls"))).toMatchObject({ decision: "ask", reason: "risky" });
  });

  it("rewrite a tool result after the run", async () => {
    const r = runner([hook("PostToolUse", `echo '{"output":"[redacted]"}'`)]);
    const result = await r.postToolUse("s1", bash("cat .env"), { id: "c1", name: "bash", output: "KEY=secret", isError: false });
    expect(result).toEqual({ id: "c1", name: "bash", output: "[redacted]", isError: false });
  });

  it("block a prompt or add context to it", async () => {
    const context = await runner([hook("UserPromptSubmit", `echo '{"additionalContext":"today is Friday"}'`)]).userPromptSubmit("s1", "deploy");
    expect(context).toEqual({ additionalContext: ["today is Friday"] });
    const blocked = await runner([hook("UserPromptSubmit", "echo 'prompt mentions a secret' >&2; exit 2")]).userPromptSubmit("s1", "key=1");
    expect(blocked.blocked).toMatchObject({ reason: "prompt mentions a secret" });
  });

  it("only report failures of events that guard nothing", async () => {
    const errors: string[] = [];
    await runner([hook("Stop", "exit 1")], new HostHookBroker(), errors).notify("Stop", "s1", { finishReason: "stop" });
    expect(errors).toEqual(["hook:Stop(command: exit 1): hook command exited with code 1: "]);
  });
});

describe("host hooks", () => {
  it("reach each subscriber of the event and wait for its answer", async () => {
    const host = new HostHookBroker();
    const seen: HookInvocation[] = [];
    const stop = host.watch(["PreToolUse"], (inv) => {
      seen.push(inv);
      host.respond(inv.invocationId, JSON.stringify({ decision: "deny", reason: "host says no" }));
    });
    const verdict = await runner([], host).preToolUse("s1", bash("rm -rf /"));
    expect(verdict).toMatchObject({ decision: "deny", decidedBy: "hook:PreToolUse(host)", reason: "host says no" });
    expect(JSON.parse(seen[0]!.payloadJson)).toMatchObject({ event: "PreToolUse", sessionId: "s1", tool: "bash", args: { command: "rm -rf /" } });
    stop();
    expect(host.hasSubscribers("PreToolUse")).toBe(false);
  });

  it("time out into a deny for gating events", async () => {
    const host = new HostHookBroker();
    host.watch(["PreToolUse"], () => undefined);
    expect(await runner([], host).preToolUse("s1", bash("ls"))).toMatchObject({
      decision: "deny",
      reason: "host hook failed: the host did not answer within 200 ms",
    });
  });

  it("fail with the host's error when its handler threw", async () => {
    const host = new HostHookBroker();
    host.watch(["PreToolUse"], (inv) => host.respond(inv.invocationId, JSON.stringify({ error: "handler crashed" })));
    expect((await runner([], host).preToolUse("s1", bash("ls"))).reason).toBe("host hook failed: handler crashed");
  });

  it("fail at once when the host stops watching, and refuse late answers", async () => {
    const host = new HostHookBroker();
    let id = "";
    const stop = host.watch(["PreToolUse"], (inv) => {
      id = inv.invocationId;
      setTimeout(stop, 5);
    });
    expect((await runner([], host).preToolUse("s1", bash("ls"))).reason).toBe("host hook failed: the host stopped watching hooks before answering");
    expect(() => host.respond(id, "{}")).toThrow(/no hook invocation .* is waiting/);
  });
});

describe("configuration", () => {
  it("parses hooks.json with matchers and default timeouts", async () => {
    const path = join(workspace, "hooks.json");
    await writeFile(path, JSON.stringify({ PreToolUse: [{ matcher: "bash(git *)", command: "./check" }], Stop: [{ command: "true", timeoutMs: 5 }] }));
    expect(await loadHookConfig(path)).toEqual([
      { event: "PreToolUse", command: "./check", timeoutMs: 60_000, matcher: { tool: "bash", pattern: "git *" } },
      { event: "Stop", command: "true", timeoutMs: 5 },
    ]);
    expect(await loadHookConfig(join(workspace, "none.json"))).toEqual([]);
  });

  it("names the bad field", () => {
    expect(() => parseHookConfig(JSON.stringify({ PreToolUse: [{ cmd: "x" }] }), "hooks.json")).toThrow(
      `hooks.json: PreToolUse[0].command is required; PreToolUse[0]: unknown field "cmd"`,
    );
    expect(() => parseHookConfig(JSON.stringify({ BeforeTool: [] }), "hooks.json")).toThrow('unknown field "BeforeTool"');
    expect(() => parseHookConfig(JSON.stringify({ PreToolUse: [{ command: "x", matcher: "bad rule" }] }), "hooks.json")).toThrow('invalid permission rule "bad rule"');
    expect(() => assertHookEvents(["PreToolUse", "Nope"])).toThrow('unknown hook event "Nope"');
    expect(() => parseHookResult("PostToolUse", '{"decision":"allow"}')).toThrow('answer: unknown field "decision"');
  });
});
