import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { agentArgs, removeGuestConfig, shellAssignments, writeGuestConfig } from "./guest-config";

const dir = mkdtempSync(join(tmpdir(), "guest-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("writes values a POSIX shell reads back exactly, whatever they hold", () => {
  const values = { PLAIN: "abc", QUOTES: `it's "quoted" $HOME \`x\``, NEWLINE: "a\nb", EMPTY: "" };
  const script = `${shellAssignments(values)}printf '%s|' "$PLAIN" "$QUOTES" "$NEWLINE" "$EMPTY"`;
  expect(execFileSync("sh", ["-c", script], { encoding: "utf8" })).toBe(`abc|it's "quoted" $HOME \`x\`|a\nb||`);
});

it("refuses variable names init could misread", () => {
  expect(() => shellAssignments({ "BAD NAME": "x" })).toThrow(/invalid environment variable name/);
});

it("hands the agent its arguments and environment as JSON, whatever they hold, and removes the files once read", async () => {
  const conf = join(dir, "conf");
  const env = { PATH: "/bin", ODD: "it's \"quoted\" $HOME\na b" };
  await writeGuestConfig(conf, { hostname: "box-1", agentArgs: ["--token", "t0k", "--x", "a b"], stateShare: true, protectedPaths: [".git/config", ".git/hooks/"], agentEnv: env });
  const read = execFileSync("sh", ["-c", `. ${conf}/config.env; echo "$A3S_HOSTNAME|$A3S_STATE_SHARE|$A3S_PROTECTED_PATHS"`], { encoding: "utf8" });
  expect(read).toBe("box-1|1|.git/config .git/hooks/\n");
  expect(JSON.parse(readFileSync(join(conf, "agent.json"), "utf8"))).toEqual({ args: ["--token", "t0k", "--x", "a b"], env });
  await removeGuestConfig(conf);
  expect(existsSync(join(conf, "config.env")) || existsSync(join(conf, "agent.json"))).toBe(false);
});

it("builds the agent's arguments with the box's settings and the host's log level", () => {
  const args = agentArgs({ token: "t0k", sessionStore: "sqlite", protectedPaths: [".git/config"], toolLimits: { processes: 64, memoryMiB: 256 }, logLevel: "debug" });
  const value = (flag: string) => args[args.indexOf(flag) + 1];
  expect(value("--log-level")).toBe("debug");
  expect(value("--token")).toBe("t0k");
  expect(value("--session-store")).toBe("sqlite");
  expect(value("--tool-processes")).toBe("64");
  expect(args).toContain("--protected-paths=.git/config");
  expect(args).not.toContain("--tools-command");
  const withCommand = agentArgs({ token: "t0k", sessionStore: "file", protectedPaths: [], toolLimits: { processes: 64, memoryMiB: 256 }, logLevel: "info", toolsCommand: ["sh", "-c", "a 'b'"] });
  expect(JSON.parse(withCommand[withCommand.indexOf("--tools-command") + 1]!)).toEqual(["sh", "-c", "a 'b'"]);
});
