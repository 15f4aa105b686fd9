import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../../common/chunks";
import type { PermissionPolicy } from "../../../common/session";
import { SessionPermissions } from "./evaluate";
import { parseRule } from "./rule";
import { splitShellCommand } from "./shell-segments";

const workspace = "/ws";
const call = (tool: string, args: JsonObject = {}) => ({ tool, args, workspace });
const decide = (policy: PermissionPolicy | undefined, tool: string, args: JsonObject = {}) =>
  new SessionPermissions({ policy, remembered: [] }).evaluate(call(tool, args));

describe("rules", () => {
  it("parses a bare tool and a tool with a pattern", () => {
    expect(parseRule("bash")).toEqual({ tool: "bash" });
    expect(parseRule("bash(npm test*)")).toEqual({ tool: "bash", pattern: "npm test*" });
    expect(parseRule("write(src/**)")).toEqual({ tool: "write", pattern: "src/**" });
  });

  it("rejects malformed rules with a message naming the rule", () => {
    for (const bad of ["", "bash(", "bash()", "two words", "(x)"]) {
      expect(() => parseRule(bad)).toThrow(`invalid permission rule "${bad}"`);
    }
  });

  it("matches each rule form", () => {
    expect(decide({ deny: ["bash"] }, "bash", { command: "ls" }).decision).toBe("deny");
    expect(decide({ deny: ["bash(npm test*)"] }, "bash", { command: "npm test -- src/a.ts" }).decision).toBe("deny");
    expect(decide({ deny: ["bash(npm test*)"] }, "bash", { command: "npm run build" }).decision).toBe("allow");
    expect(decide({ deny: ["write(src/**)"] }, "write", { file_path: "src/a/b.ts" }).decision).toBe("deny");
    expect(decide({ deny: ["write(src/**)"] }, "write", { file_path: "./src/a.ts" }).decision).toBe("deny");
    expect(decide({ deny: ["write(src/**)"] }, "write", { file_path: "/ws/src/a.ts" }).decision).toBe("deny");
    expect(decide({ deny: ["write(src/**)"] }, "write", { file_path: "lib/src/a.ts" }).decision).toBe("allow");
    expect(decide({ deny: ["read(*.md)"] }, "read", { file_path: "docs/deep/a.md" }).decision).toBe("deny");
    expect(decide({ deny: ["read(*.md)"] }, "read", { file_path: "a.mdx" }).decision).toBe("allow");
    expect(decide({ deny: ["read(.env)"] }, "read", { file_path: "src/../.env" }).decision).toBe("deny");
    expect(decide({ deny: ["fetch_url(https://evil.example/*)"] }, "fetch_url", { url: "https://evil.example/x/y" }).decision).toBe("deny");
    expect(decide({ deny: ["ls(secret/**)"] }, "ls", {}).decision).toBe("allow");
  });

  it("names the deciding rule", () => {
    expect(decide({ ask: ["bash(git push*)"] }, "bash", { command: "git push origin" })).toMatchObject({
      decision: "ask",
      decidedBy: "rule:bash(git push*)",
    });
  });
});

describe("evaluation order", () => {
  const policy: PermissionPolicy = { deny: ["bash(rm *)"], ask: ["bash(git *)"], allow: ["bash"], default: "deny" };

  it("checks deny, then ask, then allow, then the default", () => {
    expect(decide(policy, "bash", { command: "rm -rf x" }).decision).toBe("deny");
    expect(decide(policy, "bash", { command: "git status" }).decision).toBe("ask");
    expect(decide(policy, "bash", { command: "ls" }).decision).toBe("allow");
    expect(decide(policy, "write", { file_path: "a" })).toMatchObject({ decision: "deny", decidedBy: "default" });
  });

  it("lets the first matching rule of a list decide", () => {
    expect(decide({ deny: ["bash(ls*)", "bash"] }, "bash", { command: "ls" }).decidedBy).toBe("rule:bash(ls*)");
  });

  it("allows everything without a policy", () => {
    expect(decide(undefined, "bash", { command: "rm -rf /" })).toMatchObject({ decision: "allow", decidedBy: "default" });
  });

  it("rejects an unknown default", () => {
    expect(() => decide({ default: "maybe" as never }, "bash")).toThrow('invalid permission policy default "maybe"');
  });
});

describe("chained shell commands", () => {
  it("splits on operators outside quotes", () => {
    expect(splitShellCommand("npm test && rm -rf ~; echo 'a;b' | wc").segments).toEqual(["npm test", "rm -rf ~", "echo 'a;b'", "wc"]);
    expect(splitShellCommand("echo $(whoami)").hasSubstitution).toBe(true);
    expect(splitShellCommand("echo '$(whoami)'").hasSubstitution).toBe(false);
  });

  it("allows a chain only when every part is allowed", () => {
    const policy: PermissionPolicy = { allow: ["bash(npm test*)", "bash(echo *)"], default: "ask" };
    expect(decide(policy, "bash", { command: "npm test && echo ok" }).decision).toBe("allow");
    expect(decide(policy, "bash", { command: "npm test; rm -rf ~" }).decision).toBe("ask");
    expect(decide(policy, "bash", { command: "npm test $(rm -rf ~)" }).decision).toBe("ask");
  });

  it("denies a chain when any part is denied", () => {
    expect(decide({ deny: ["bash(rm *)"] }, "bash", { command: "ls && rm -rf ~" }).decision).toBe("deny");
  });
});

describe("session state", () => {
  it("hides tools denied without a pattern", () => {
    const p = new SessionPermissions({ policy: { deny: ["bash", "write(src/**)"] }, remembered: [] });
    expect(p.isHidden("bash")).toBe(true);
    expect(p.isHidden("write")).toBe(false);
  });

  it("remembers the ask rule's pattern, or the exact subject", () => {
    const p = new SessionPermissions({ policy: { ask: ["bash(git *)", "write"] }, remembered: [] });
    const git = call("bash", { command: "git status" });
    p.rememberApproval(git, p.evaluate(git));
    expect(p.evaluate(call("bash", { command: "git log" }))).toMatchObject({ decision: "allow", decidedBy: "session:bash(git *)" });

    const write = call("write", { file_path: "a*.txt" });
    p.rememberApproval(write, p.evaluate(write));
    expect(p.evaluate(write).decision).toBe("allow");
    expect(p.evaluate(call("write", { file_path: "ab.txt" })).decision).toBe("ask");
  });

  it("never lets a remembered allow override a deny", () => {
    const p = new SessionPermissions({ policy: { deny: ["bash(rm *)"], default: "ask" }, remembered: [{ tool: "bash" }] });
    expect(p.evaluate(call("bash", { command: "rm x" })).decision).toBe("deny");
    expect(p.evaluate(call("bash", { command: "ls" })).decision).toBe("allow");
  });

  it("round-trips through JSON and keeps the old policy when a new one is invalid", () => {
    const p = new SessionPermissions({ policy: { deny: ["bash"] }, remembered: [{ tool: "read" }] });
    expect(() => p.setPolicy({ allow: ["bad rule"] })).toThrow('invalid permission rule "bad rule"');
    const copy = new SessionPermissions(JSON.parse(JSON.stringify(p)));
    expect(copy.evaluate(call("bash", { command: "ls" })).decision).toBe("deny");
    expect(copy.toJSON()).toEqual({ policy: { deny: ["bash"] }, remembered: [{ tool: "read" }] });
  });
});
