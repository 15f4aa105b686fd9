// Git in a workspace, attacked from real boxes (QEMU/TCG, the agent's tools): .git/commondir
// cannot point host git at a config the box wrote, and boxes sharing a workspace agree on the
// empty .git that stands in for a missing one.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ToolResult } from "../../common/chunks";
import { Box } from "../../runtime/box/box";
import { ModelServer } from "../model-server/model-server";
import { reply, toolCalls } from "../model-server/script";

const base = mkdtempSync(join(tmpdir(), "vm-git-workspace-"));
const planted = join(base, "planted");
let models: ModelServer;
const boxes: Box[] = [];

beforeAll(async () => {
  models = await ModelServer.start();
});

afterAll(async () => {
  for (const box of boxes) await box.stop();
  await models?.stop();
  rmSync(base, { recursive: true, force: true });
});

function repository(name: string): { path: string; git: (...args: string[]) => string } {
  const path = join(base, name);
  mkdirSync(path);
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=host", "-c", "user.email=host@example.com", ...args], { cwd: path, encoding: "utf8" });
  git("init", "-q");
  writeFileSync(join(path, "README.md"), "first\n");
  git("add", "README.md");
  git("commit", "-qm", "first");
  return { path, git };
}

async function boot(workspace: string): Promise<Box> {
  const box = await Box.create({
    workspace,
    memoryMiB: 768,
    // Software emulation on a shared 2-core machine: a boot can take minutes under load.
    bootTimeoutMs: 600_000,
    env: { ...models.env(), LLM_PROVIDER: "anthropic", ANTHROPIC_API_KEY: "sk-test" },
  });
  boxes.push(box);
  return box;
}

async function turn(box: Box, calls: Array<{ name: string; args: Record<string, unknown> }>): Promise<ToolResult[]> {
  models.script(toolCalls(calls), reply("done"));
  const result = await box.client.generate(await box.client.createSession(), "go");
  expect(result.text).toBe("done");
  return result.toolResults;
}

const bash = (command: string) => ({ name: "bash", args: { command, timeout_ms: 300_000 } });

it("keeps .git/commondir \".\" and read-only, so host git takes no config the box wrote; commits work and stop leaves no commondir", async () => {
  const { path, git } = repository("repo");
  const box = await boot(path);
  const [write, edit, shell, commit] = await turn(box, [
    { name: "write", args: { file_path: ".git/commondir", content: "../.evil\n" } },
    { name: "edit", args: { file_path: ".git/commondir", old_string: ".", new_string: "../.evil" } },
    bash(
      [
        "cd /workspace && mkdir -p .evil && cp -r .git/objects .git/refs .evil/",
        `printf '[core]\\n\\tfsmonitor = "touch ${planted}; false"\\n' > .evil/config`,
        "echo ../.evil > .git/commondir",
        "rm -f .git/commondir",
        "mv .git/commondir .git/commondir-moved",
        "echo END",
      ].join("; "),
    ),
    bash("cd /workspace && echo second >> README.md && git -c user.name=box -c user.email=box@example.com commit -qam 'from the box' && git log --oneline | head -1"),
  ]);
  expect(write!.isError).toBe(true);
  expect(write!.output).toContain('".git/commondir" is a protected path (.git/commondir)');
  expect(edit!.isError).toBe(true);
  expect(edit!.output).toContain("is a protected path (.git/commondir)");
  expect(shell!.output).toContain("END");
  expect(shell!.output.match(/Read-only file system|Device or resource busy/g)?.length).toBeGreaterThanOrEqual(3);
  expect(commit!.output).toContain("from the box");
  expect(commit!.output).toContain("exit code: 0");

  git("status");
  expect(existsSync(planted)).toBe(false);
  expect(git("log", "--format=%s")).toBe("from the box\nfirst\n");
  await box.stop();
  expect(existsSync(join(path, ".git/commondir"))).toBe(false);
  git("status");
  expect(existsSync(planted)).toBe(false);
}, 20 * 60_000);

it("does not start on a repository whose .git/commondir names another folder, and says which file to remove", async () => {
  const { path } = repository("planted-commondir");
  writeFileSync(join(path, ".git/commondir"), "../.evil\n");
  await expect(boot(path)).rejects.toThrow(/\.git\/commondir names another folder, whose config and hooks host git would obey; remove it on the host/);
}, 20 * 60_000);

it("two boxes on a workspace without .git share the stand-in: it stays read-only in the second after the first stops, and goes with the last", async () => {
  const path = join(base, "plain");
  mkdirSync(path);
  writeFileSync(join(path, "a.txt"), "a\n");
  const first = await boot(path);
  const second = await boot(path);
  expect(readdirSync(join(path, ".git"))).toEqual([]);
  await first.stop();
  expect(readdirSync(join(path, ".git"))).toEqual([]);
  const [probe] = await turn(second, [bash("cd /workspace && git init -q; touch .git/config; mkdir .git/hooks; echo b > b.txt && echo WROTE")]);
  expect(probe!.output.match(/Read-only file system/g)?.length).toBeGreaterThanOrEqual(2);
  expect(probe!.output).toContain("WROTE");
  expect(readdirSync(join(path, ".git"))).toEqual([]);
  await second.stop();
  expect(existsSync(join(path, ".git"))).toBe(false);
}, 20 * 60_000);
