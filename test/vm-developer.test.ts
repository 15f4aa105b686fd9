// A box as a developer machine: the default image's tools, run by the agent's bash in the
// tools' namespace, on the workspace share. One boot serves every case here.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ToolResult } from "../common/chunks";
import { Box } from "../runtime/box/box";
import { ModelServer } from "./model-server/model-server";
import { reply, toolCalls } from "./model-server/script";

const workspace = mkdtempSync(join(tmpdir(), "vm-dev-ws-"));
let box: Box;
let models: ModelServer;

beforeAll(async () => {
  models = await ModelServer.start();
  box = await Box.create({ workspace, env: { ...models.env(), LLM_PROVIDER: "anthropic", ANTHROPIC_API_KEY: "sk-test" } });
}, 20 * 60_000);

afterAll(async () => {
  await box?.stop();
  await models?.stop();
  rmSync(workspace, { recursive: true, force: true });
});

/** Runs each command with the agent's bash tool in the box; their outputs, less a zero exit code's line. */
async function bash(...commands: string[]): Promise<string[]> {
  models.script(toolCalls(commands.map((command) => ({ name: "bash", args: { command, timeout_ms: 600_000 } }))), reply("done"));
  const session = await box.client.createSession();
  const result = await box.client.generate(session, "run these");
  return result.toolResults.map((r: ToolResult) => r.output.replace(/\n?exit code: 0$/, ""));
}

it("resolves the working directory in the tools' namespace: /bin/pwd, Python, git, children", async () => {
  mkdirSync(join(workspace, "sub/dir"), { recursive: true });
  const [pwd, python, child, git] = await bash(
    "cd sub/dir && /bin/pwd",
    "cd sub && python3 -c 'import os; print(os.getcwd())'",
    "cd sub/dir && bash -c 'cd .. && /bin/pwd -P'",
    "git init -q repo && cd repo && git status --short --branch",
  );
  expect(pwd!.trim()).toBe("/workspace/sub/dir");
  expect(python!.trim()).toBe("/workspace/sub");
  expect(child!.trim()).toBe("/workspace/sub");
  expect(git).toMatch(/^## No commits yet on \w+/m);
}, 10 * 60_000);

it("keeps the working directory inside the tools' root: `..` from it never reaches the agent's files", async () => {
  const [escape] = await bash(
    `python3 -c "
import os
for _ in range(8): os.chdir('..')
print(sorted(os.listdir('.')) == sorted(os.listdir('/')), os.path.exists('opt/a3s/agent.cjs'))"`,
  );
  expect(escape!.trim()).toBe("True False");
}, 10 * 60_000);

it("lets git commit in the workspace, and the host sees the commits", async () => {
  const [commit] = await bash(
    [
      "git init -q -b main proj && cd proj",
      "git config user.email box@example.com && git config user.name Box",
      "echo one > a.txt && git add a.txt && git commit -qm first",
      "git checkout -qb feature && echo two >> a.txt && git diff --stat && git commit -qam second",
      "git branch --list && git log --oneline | wc -l",
    ].join(" && "),
  );
  expect(commit).toContain("1 file changed, 1 insertion(+)");
  expect(commit).toMatch(/^\* feature$/m);
  expect(commit).toMatch(/^\s+main$/m);
  const log = execFileSync("git", ["-C", join(workspace, "proj"), "log", "--format=%s", "feature"], { encoding: "utf8" });
  expect(log.trim().split("\n")).toEqual(["second", "first"]);
}, 10 * 60_000);
