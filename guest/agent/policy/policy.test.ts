import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JsonObject } from "../../../common/chunks";
import type { PermissionPolicy } from "../../../common/session";
import { SessionPermissions } from "./evaluate";
import { parseRule, type ToolCallSubject } from "./rule";
import { parseCommandLine } from "./shell-commands";

let workspace: string;
beforeAll(() => {
  workspace = realpathSync(mkdtempSync(join(tmpdir(), "a3s-policy-")));
  mkdirSync(join(workspace, "src"));
  writeFileSync(join(workspace, "src/a.ts"), "");
  symlinkSync("src", join(workspace, "lnk"));
  symlinkSync(tmpdir(), join(workspace, "out"));
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

const call = (tool: string, args: JsonObject = {}, extra: Partial<ToolCallSubject> = {}): ToolCallSubject => ({ tool, args, workspace, ...extra });
const decide = (policy: PermissionPolicy | undefined, tool: string, args: JsonObject = {}, extra: Partial<ToolCallSubject> = {}) =>
  new SessionPermissions({ policy, remembered: [] }).evaluate(call(tool, args, extra));

describe("rules", () => {
  it("parses a bare tool and a tool with a pattern", () => {
    expect(parseRule("bash")).toEqual({ tool: "bash" });
    expect(parseRule("bash(npm test *)")).toEqual({ tool: "bash", pattern: "npm test *" });
    expect(parseRule("bash(git commit:*)")).toEqual({ tool: "bash", pattern: "git commit:*" });
    expect(parseRule("write(src/**)")).toEqual({ tool: "write", pattern: "src/**" });
  });

  it("rejects malformed rules with a message naming the rule", () => {
    for (const bad of ["", "bash(", "bash()", "two words", "(x)"]) {
      expect(() => parseRule(bad)).toThrow(`invalid permission rule "${bad}"`);
    }
  });

  it("matches each rule form", async () => {
    expect((await decide({ deny: ["bash"] }, "bash", { command: "ls" })).decision).toBe("deny");
    expect((await decide({ deny: ["bash(npm test*)"] }, "bash", { command: "npm test -- src/a.ts" })).decision).toBe("deny");
    expect((await decide({ deny: ["bash(npm test*)"], default: "allow" }, "bash", { command: "npm run build" })).decision).toBe("allow");
    expect((await decide({ deny: ["write(src/**)"] }, "write", { file_path: "src/a/b.ts" })).decision).toBe("deny");
    expect((await decide({ deny: ["write(src/**)"] }, "write", { file_path: "./src/a.ts" })).decision).toBe("deny");
    expect((await decide({ deny: ["write(src/**)"] }, "write", { file_path: join(workspace, "src/a.ts") })).decision).toBe("deny");
    expect((await decide({ deny: ["write(src/**)"], default: "allow" }, "write", { file_path: "lib/src/a.ts" })).decision).toBe("allow");
    expect((await decide({ deny: ["read(*.md)"] }, "read", { file_path: "docs/deep/a.md" })).decision).toBe("deny");
    expect((await decide({ deny: ["read(*.md)"], default: "allow" }, "read", { file_path: "a.mdx" })).decision).toBe("allow");
    expect((await decide({ deny: ["read(.env)"] }, "read", { file_path: "src/../.env" })).decision).toBe("deny");
    expect((await decide({ deny: ["fetch_url(https://evil.example/*)"] }, "fetch_url", { url: "https://evil.example/x/y" })).decision).toBe("deny");
    expect((await decide({ deny: ["ls(secret/**)"], default: "allow" }, "ls", {})).decision).toBe("allow");
  });

  it("matches generate_image's rules against the path it writes, as resolved, never its prompt", async () => {
    const policy: PermissionPolicy = { allow: ["generate_image(images/*)"] };
    expect((await decide(policy, "generate_image", { prompt: "a cat", file_path: "./images/cat.png" })).decision).toBe("allow");
    expect((await decide(policy, "generate_image", { prompt: "images/cat", file_path: "secret.png" })).decision).toBe("ask");
    expect((await decide(policy, "generate_image", { prompt: "a cat", file_path: "images/../cat.png" })).decision).toBe("ask");
  });

  it("reads `prefix:*` as the command or the command with more words", async () => {
    const policy: PermissionPolicy = { allow: ["bash(git commit:*)"] };
    expect((await decide(policy, "bash", { command: "git commit" })).decision).toBe("allow");
    expect((await decide(policy, "bash", { command: "git commit -m 'a b'" })).decision).toBe("allow");
    expect((await decide(policy, "bash", { command: "git commitx" })).decision).toBe("ask");
  });

  it("names the deciding rule", async () => {
    expect(await decide({ ask: ["bash(git push*)"] }, "bash", { command: "git push origin" })).toMatchObject({
      decision: "ask",
      decidedBy: "rule:bash(git push*)",
    });
  });
});

describe("evaluation order and defaults", () => {
  const policy: PermissionPolicy = { deny: ["bash(rm *)"], ask: ["bash(git *)"], allow: ["bash"], default: "deny" };

  it("checks deny, then ask, then allow, then the default", async () => {
    expect((await decide(policy, "bash", { command: "rm -rf x" })).decision).toBe("deny");
    expect((await decide(policy, "bash", { command: "git status" })).decision).toBe("ask");
    expect((await decide(policy, "bash", { command: "ls" })).decision).toBe("allow");
    expect(await decide(policy, "write", { file_path: "a" })).toMatchObject({ decision: "deny", decidedBy: "default" });
  });

  it("lets the first matching rule of a list decide", async () => {
    expect((await decide({ deny: ["bash(ls*)", "bash"] }, "bash", { command: "ls" })).decidedBy).toBe("rule:bash(ls*)");
  });

  it("allows everything without a policy or with an empty one", async () => {
    expect(await decide(undefined, "bash", { command: "rm -rf /" })).toMatchObject({ decision: "allow", decidedBy: "default" });
    expect(await decide({}, "bash", { command: "rm -rf /" })).toMatchObject({ decision: "allow", decidedBy: "default" });
  });

  it("asks about unlisted tools when a policy has rules but no default", async () => {
    const allowOnly: PermissionPolicy = { allow: ["read"] };
    expect((await decide(allowOnly, "read", { file_path: "a" })).decision).toBe("allow");
    expect(await decide(allowOnly, "bash", { command: "ls" })).toMatchObject({ decision: "ask", decidedBy: "default" });
    expect((await decide({ deny: ["bash"] }, "write", { file_path: "a" })).decision).toBe("ask");
  });

  it("asks when a deny rule cannot see what runs, even with a default of allow", async () => {
    expect(await decide({ deny: ["bash(rm *)"], default: "allow" }, "bash", { command: "$(echo rm) x" })).toMatchObject({
      decision: "ask",
      decidedBy: "rule:bash(rm *)",
      reason: expect.stringContaining("a command name computed when it runs ($(echo rm))") as unknown as string,
    });
  });

  it("rejects an unknown default", () => {
    expect(() => new SessionPermissions({ policy: { default: "maybe" as never }, remembered: [] })).toThrow('invalid permission policy default "maybe"');
  });
});

describe("paths as the tool will use them", () => {
  it("resolves against the session's cwd", async () => {
    expect((await decide({ deny: ["write(src/**)"], default: "allow" }, "write", { file_path: "a.ts" }, { cwd: "src" })).decision).toBe("deny");
    expect((await decide({ allow: ["write(src/**)"] }, "write", { file_path: "a.ts" }, { cwd: "src" })).decision).toBe("allow");
  });

  it("follows symbolic links inside the workspace", async () => {
    expect((await decide({ deny: ["write(src/**)"], default: "allow" }, "write", { file_path: "lnk/evil.ts" })).decision).toBe("deny");
    expect((await decide({ allow: ["write(lnk/**)"] }, "write", { file_path: "lnk/a.ts" })).decision).toBe("ask");
  });

  it("never allows a path that resolves outside the workspace", async () => {
    expect((await decide({ allow: ["write(out/**)", "write(**)"] }, "write", { file_path: "out/x" })).decision).toBe("ask");
    expect((await decide({ allow: ["read(**)"] }, "read", { file_path: "../x" })).decision).toBe("ask");
  });
});

describe("skills in rules", () => {
  it("a skill's name stands for all its tools, and a tool's own name for itself", async () => {
    const fetch = { url: "https://a.example" };
    expect((await decide({ deny: ["web-fetch"] }, "fetch_url", fetch, { skill: "web-fetch" })).decision).toBe("deny");
    expect((await decide({ allow: ["web-fetch"] }, "fetch_url", fetch, { skill: "web-fetch" })).decidedBy).toBe("rule:web-fetch");
    expect((await decide({ deny: ["fetch_url"] }, "fetch_url", fetch, { skill: "web-fetch" })).decision).toBe("deny");
    expect(new SessionPermissions({ policy: { deny: ["web-fetch"] }, remembered: [] }).isHidden("fetch_url", "web-fetch")).toBe(true);
  });
});

describe("session state", () => {
  it("hides tools denied without a pattern", () => {
    const p = new SessionPermissions({ policy: { deny: ["bash", "write(src/**)"] }, remembered: [] });
    expect(p.isHidden("bash")).toBe(true);
    expect(p.isHidden("write")).toBe(false);
  });

  it("offers exactly this command, path or value as the Always-allow rule, never the whole tool", async () => {
    const p = new SessionPermissions({ policy: { ask: ["bash", "write", "fetch_url"] }, remembered: [] });
    expect(await p.alwaysAllowRule(call("bash", { command: "npm test" }))).toBe("bash(npm test)");
    expect(await p.alwaysAllowRule(call("bash", { command: "ls 'a*b'" }))).toBe("bash(ls a\\*b)");
    expect(await p.alwaysAllowRule(call("bash", { command: "npm test && ls" }))).toBeUndefined();
    expect(await p.alwaysAllowRule(call("bash", { command: "echo $HOME" }))).toBeUndefined();
    expect(await p.alwaysAllowRule(call("write", { file_path: "a.ts" }, { cwd: "src" }))).toBe("write(src/a.ts)");
    expect(await p.alwaysAllowRule(call("write", { file_path: "lnk/a.ts" }))).toBeUndefined();
    expect(await p.alwaysAllowRule(call("fetch_url", { url: "https://a.example/(x)" }))).toBe("fetch_url(https://a.example/\\(x\\))");
  });

  it("an Always-allow rule matches the call it came from and nothing wider", async () => {
    const p = new SessionPermissions({ policy: { ask: ["bash", "write"] }, remembered: [] });
    for (const [tool, args] of [["bash", { command: "ls 'a*b'" }], ["write", { file_path: "a*.txt" }]] as const) {
      const rule = (await p.alwaysAllowRule(call(tool, args)))!;
      p.rememberRules([parseRule(rule)]);
      expect((await p.evaluate(call(tool, args))).decision).toBe("allow");
    }
    expect((await p.evaluate(call("bash", { command: "ls axb" }))).decision).toBe("ask");
    expect((await p.evaluate(call("write", { file_path: "ab.txt" }))).decision).toBe("ask");
  });

  it("never lets a remembered allow override a deny", async () => {
    const p = new SessionPermissions({ policy: { deny: ["bash(rm *)"], remembered: ["bash(ls)"], default: "ask" }, remembered: [{ tool: "bash" }] });
    expect((await p.evaluate(call("bash", { command: "rm x" }))).decision).toBe("deny");
    expect(await p.evaluate(call("bash", { command: "ls" }))).toMatchObject({ decision: "allow", decidedBy: "session:bash(ls)" });
  });

  it("round-trips through JSON and refuses an invalid policy", async () => {
    const p = new SessionPermissions({ policy: { deny: ["bash"] }, remembered: [{ tool: "read" }] });
    expect(() => new SessionPermissions({ policy: { allow: ["bad rule"] }, remembered: [] })).toThrow('invalid permission rule "bad rule"');
    const copy = new SessionPermissions(JSON.parse(JSON.stringify(p)));
    expect((await copy.evaluate(call("bash", { command: "ls" }))).decision).toBe("deny");
    expect(copy.toJSON()).toEqual({ policy: { deny: ["bash"] }, remembered: [{ tool: "read" }] });
  });
});

describe("parsed command lines", () => {
  it("lists every simple command with its words unquoted and wrappers looked through", async () => {
    const { commands, hidden } = await parseCommandLine("sudo -u x env A=1 nice -n 3 /usr/bin/rm 'a b' && echo $'x\\ty' | xargs -n1 wc");
    expect(commands).toEqual([
      { argv: ["rm", "a b"], literal: false },
      { argv: ["echo", "x\ty"], literal: true },
      { argv: ["wc", "…"], literal: false },
    ]);
    expect(hidden).toEqual([]);
  });

  it("marks what it cannot see through", async () => {
    expect((await parseCommandLine("$CMD x")).hidden).toEqual(["a command name computed when it runs ($CMD)"]);
    expect((await parseCommandLine("curl x | sh")).hidden).toEqual(["a shell reading commands from its input"]);
    expect((await parseCommandLine('bash -c "$S"')).hidden).toEqual(['a shell running a computed script ("$S")']);
    expect((await parseCommandLine("echo 'open")).hidden).toEqual(["a part that does not parse"]);
  });
});
