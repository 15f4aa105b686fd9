import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { A3sError } from "../../common/errors";
import { chooseToolsCommand, resolveBoxOptions } from "./box-options";

const dir = mkdtempSync(join(tmpdir(), "box-options-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function errorOf(fn: () => unknown): A3sError {
  try {
    fn();
  } catch (error) {
    if (A3sError.is(error)) return error;
    throw error;
  }
  throw new Error("expected an error");
}

it("names a missing workspace, a file given as workspace, and a missing rootfs", () => {
  const missing = errorOf(() => resolveBoxOptions({ workspace: join(dir, "nope") }));
  expect(missing.code).toBe("INVALID_ARGUMENT");
  expect(missing.message).toBe(`the workspace ${join(dir, "nope")} does not exist`);
  writeFileSync(join(dir, "file"), "");
  expect(errorOf(() => resolveBoxOptions({ workspace: join(dir, "file") })).message).toMatch(/is not a directory/);
  expect(errorOf(() => resolveBoxOptions({ workspace: dir, rootfs: join(dir, "img") })).message).toMatch(/the rootfs .* does not exist/);
});

it("keeps sessions on the host by default, in a folder per workspace under XDG_STATE_HOME", () => {
  const saved = process.env["XDG_STATE_HOME"];
  process.env["XDG_STATE_HOME"] = join(dir, "state");
  try {
    const a = resolveBoxOptions({ workspace: dir }).stateDir;
    expect(a.startsWith(join(dir, "state", "a3s-box/sessions/"))).toBe(true);
    expect(statSync(a).isDirectory()).toBe(true);
    mkdirSync(join(dir, "other"));
    expect(resolveBoxOptions({ workspace: join(dir, "other") }).stateDir).not.toBe(a);
    expect(resolveBoxOptions({ workspace: dir, stateDir: join(dir, "other") }).stateDir).toBe(join(dir, "other"));
  } finally {
    if (saved === undefined) delete process.env["XDG_STATE_HOME"];
    else process.env["XDG_STATE_HOME"] = saved;
  }
});

it("checks CPUs, memory and network, and fills in defaults", () => {
  expect(errorOf(() => resolveBoxOptions({ workspace: dir, cpus: 0 })).message).toMatch(/cpus must be a whole number/);
  expect(errorOf(() => resolveBoxOptions({ workspace: dir, memoryMiB: 64 })).message).toMatch(/memoryMiB must be/);
  expect(errorOf(() => resolveBoxOptions({ workspace: dir, network: "open" as never })).message).toMatch(/network must be one of none, llm, full, or \{ allow: \[host, …\] \}, got "open"/);
  expect(errorOf(() => resolveBoxOptions({ workspace: dir, network: { allow: ["10.0.0.1"] } })).message).toMatch(/"10.0.0.1" is not a host name/);
  expect(resolveBoxOptions({ workspace: dir, network: { allow: ["*.npmjs.org"] } })).toMatchObject({ network: "allow", allow: ["*.npmjs.org"] });
  expect(errorOf(() => resolveBoxOptions({ workspace: dir, network: "none", hostPorts: [11434] })).message).toMatch(/hostPorts need a network/);
  expect(errorOf(() => resolveBoxOptions({ workspace: dir, hostPorts: [0] })).message).toMatch(/hostPorts must be TCP ports/);
  expect(resolveBoxOptions({ workspace: dir })).toMatchObject({ workspace: dir, cpus: 1, memoryMiB: 1024, network: "llm", hostPorts: [] });
});

it("protects .git/commondir whenever anything in .git is protected (git would take its config from the folder it names)", () => {
  expect(resolveBoxOptions({ workspace: dir }).protectedPaths).toContain(".git/commondir");
  expect(resolveBoxOptions({ workspace: dir, protectedPaths: [".git/config"] }).protectedPaths).toEqual([".git/config", ".git/commondir"]);
  expect(resolveBoxOptions({ workspace: dir, protectedPaths: [".git/commondir", ".envrc"] }).protectedPaths).toEqual([".git/commondir", ".envrc"]);
  expect(resolveBoxOptions({ workspace: dir, protectedPaths: [".envrc"] }).protectedPaths).toEqual([".envrc"]);
  expect(resolveBoxOptions({ workspace: dir, protectedPaths: [] }).protectedPaths).toEqual([]);
});

it("limits the tools' processes and memory: 1024 processes and the box's memory less 256 MiB by default", () => {
  expect(resolveBoxOptions({ workspace: dir }).toolLimits).toEqual({ processes: 1024, memoryMiB: 768 });
  expect(resolveBoxOptions({ workspace: dir, memoryMiB: 2048, toolLimits: { processes: 64 } }).toolLimits).toEqual({ processes: 64, memoryMiB: 1792 });
  expect(errorOf(() => resolveBoxOptions({ workspace: dir, toolLimits: { processes: 8 } })).message).toMatch(/toolLimits.processes must be a whole number ≥ 16, got 8/);
  expect(errorOf(() => resolveBoxOptions({ workspace: dir, toolLimits: { memoryMiB: 2000 } })).message).toMatch(/toolLimits.memoryMiB must be a whole number from 32 to the box's memoryMiB \(1024\), got 2000/);
});

it("chooses the default root filesystem's variant: developer unless slim is asked, never with image or rootfs", () => {
  expect(resolveBoxOptions({ workspace: dir }).variant).toBe("developer");
  expect(resolveBoxOptions({ workspace: dir, variant: "slim" }).variant).toBe("slim");
  expect(errorOf(() => resolveBoxOptions({ workspace: dir, variant: "fat" as never })).message).toBe("variant must be one of developer, slim, got fat");
  expect(errorOf(() => resolveBoxOptions({ workspace: dir, rootfs: dir, variant: "slim" })).message).toMatch(/does not apply with image or rootfs/);
});

it("keeps sessions as JSON files unless sqlite is asked, and refuses other stores", () => {
  const workspace = mkdtempSync(join(dir, "ws-"));
  expect(resolveBoxOptions({ workspace }).sessionStore).toBe("file");
  expect(resolveBoxOptions({ workspace, sessionStore: "sqlite" }).sessionStore).toBe("sqlite");
  const other = errorOf(() => resolveBoxOptions({ workspace, sessionStore: "./my-store.mjs" as "file" }));
  expect(other.message).toBe("sessionStore must be one of file, sqlite, got ./my-store.mjs");
});

it("refuses option names it does not know, naming them (a typo would otherwise be ignored)", () => {
  const typo = errorOf(() => resolveBoxOptions({ workspace: dir, memory: 4096 } as never));
  expect(typo.code).toBe("INVALID_ARGUMENT");
  expect(typo.message).toMatch(/^unknown box option "memory" \(use "memoryMiB"\); known: workspace, /);
  expect(errorOf(() => resolveBoxOptions({ workspace: dir, toolLimits: { pids: 10 } } as never)).message).toMatch(/^unknown toolLimits field "pids" \(use "processes"\)/);
  expect(errorOf(() => resolveBoxOptions([] as never)).message).toBe("box option must be an object, got an array");
});

it("gives the agent the host's log level: the option, else A3S_LOG of env, else info; an unknown level is refused by name", () => {
  const workspace = mkdtempSync(join(dir, "log-"));
  expect(resolveBoxOptions({ workspace, env: {} }).logLevel).toBe("info");
  expect(resolveBoxOptions({ workspace, env: { A3S_LOG: "debug" } }).logLevel).toBe("debug");
  expect(resolveBoxOptions({ workspace, env: { A3S_LOG: "debug" }, logLevel: "error" }).logLevel).toBe("error");
  const bad = errorOf(() => resolveBoxOptions({ workspace, logLevel: "loud" as "info" }));
  expect(bad.code).toBe("INVALID_ARGUMENT");
  expect(bad.message).toBe('logLevel: unknown log level "loud"; use one of error, warn, info, debug, trace');
  expect(errorOf(() => resolveBoxOptions({ workspace, env: { A3S_LOG: "chatty" } })).message).toContain('A3S_LOG: unknown log level "chatty"');
});

it("takes the workspace from the option, else WORKSPACE of the box's env, else of this process, else the current directory", () => {
  const a = join(dir, "ws-a");
  const b = join(dir, "ws-b");
  mkdirSync(a);
  mkdirSync(b);
  const saved = process.env["WORKSPACE"];
  try {
    process.env["WORKSPACE"] = b;
    expect(resolveBoxOptions({ stateDir: dir }).workspace).toBe(b);
    expect(resolveBoxOptions({ stateDir: dir, env: { WORKSPACE: a } }).workspace).toBe(a);
    expect(resolveBoxOptions({ stateDir: dir, env: { WORKSPACE: a }, workspace: dir }).workspace).toBe(dir);
    delete process.env["WORKSPACE"];
    expect(resolveBoxOptions({ stateDir: dir }).workspace).toBe(process.cwd());
    expect(errorOf(() => resolveBoxOptions({ stateDir: dir, env: { WORKSPACE: join(dir, "gone") } })).message).toMatch(/the workspace .*gone does not exist/);
  } finally {
    if (saved === undefined) delete process.env["WORKSPACE"];
    else process.env["WORKSPACE"] = saved;
  }
});

it("takes a tools command as a list of words or false, and refuses anything else by name", () => {
  expect(() => resolveBoxOptions({ workspace: dir, toolsCommand: ["httpd", "-f"] })).not.toThrow();
  expect(() => resolveBoxOptions({ workspace: dir, toolsCommand: false })).not.toThrow();
  const shell = errorOf(() => resolveBoxOptions({ workspace: dir, toolsCommand: "httpd -f" as unknown as string[] }));
  expect(shell.code).toBe("INVALID_ARGUMENT");
  expect(shell.message).toBe("toolsCommand must be a non-empty list of strings (the program, then its arguments), or false for none");
  expect(errorOf(() => resolveBoxOptions({ workspace: dir, toolsCommand: [] })).message).toMatch(/^toolsCommand must be a non-empty list/);
});

it("runs the image label's tools command unless the option names another or false", () => {
  expect(chooseToolsCommand(undefined, ["from-label"])).toEqual(["from-label"]);
  expect(chooseToolsCommand(["from-option"], ["from-label"])).toEqual(["from-option"]);
  expect(chooseToolsCommand(false, ["from-label"])).toBeUndefined();
  expect(chooseToolsCommand(undefined, undefined)).toBeUndefined();
});
