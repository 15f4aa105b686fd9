// The host boundary of a real box (QEMU/TCG, network `llm`): the gateway forwards inference
// only; skills run like bash, in the tools' namespaces, without keys or tokens; git's
// config and hooks are read-only mounts while git commit works. One boot serves every case.
import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ToolResult } from "../common/chunks";
import { Box } from "../runtime/box/box";
import type { ModelGateway } from "../runtime/gateway/model-gateway";
import { ModelServer } from "./model-server/model-server";
import { reply, toolCalls } from "./model-server/script";

const API_KEY = "sk-ant-test-key-that-no-code-in-the-box-may-see";
const workspace = mkdtempSync(join(tmpdir(), "vm-security-ws-"));
const planted = join(tmpdir(), `vm-security-planted-${process.pid}`);
let box: Box;
let models: ModelServer;
let ollama: Server;
const ollamaSeen: string[] = [];

const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=host", "-c", "user.email=host@example.com", ...args], { cwd: workspace, encoding: "utf8" });

beforeAll(async () => {
  git("init", "-q");
  writeFileSync(join(workspace, "README.md"), "first\n");
  git("add", "README.md");
  git("commit", "-qm", "first");
  models = await ModelServer.start();
  // A stand-in for a host's Ollama that records every request reaching it.
  ollama = createServer((req, res) => {
    ollamaSeen.push(`${req.method} ${req.url}`);
    req.resume();
    res.setHeader("content-type", "application/json");
    res.end('{"models":[]}');
  });
  ollama.listen(0, "127.0.0.1");
  await once(ollama, "listening");
  box = await Box.create({
    workspace,
    memoryMiB: 768,
    // Software emulation on a shared 2-core machine: a boot can take minutes under load.
    bootTimeoutMs: 600_000,
    env: {
      ...models.env(),
      OLLAMA_HOST: `http://127.0.0.1:${(ollama.address() as AddressInfo).port}`,
      LLM_PROVIDER: "anthropic",
      ANTHROPIC_API_KEY: API_KEY,
    },
  });
}, 20 * 60_000);

afterAll(async () => {
  await box?.stop();
  await models?.stop();
  ollama?.close();
  rmSync(workspace, { recursive: true, force: true });
  rmSync(planted, { force: true });
});

async function turn(calls: Array<{ name: string; args: Record<string, unknown> }>): Promise<ToolResult[]> {
  models.script(toolCalls(calls), reply("done"));
  const session = await box.client.createSession();
  const result = await box.client.generate(session, "go");
  expect(result.text).toBe("done");
  return result.toolResults;
}

const bash = (command: string) => ({ name: "bash", args: { command, timeout_ms: 300_000 } });

it("forwards only inference: code in the box gets 403 for anything else, and the upstream never sees it", async () => {
  // Even with the gateway's token, which model-run code does not get: the route is what is refused.
  const token = (box as unknown as { gateway: ModelGateway }).gateway.token;
  const call = (method: string, path: string) =>
    `python3 -c "import urllib.request as u
r = u.Request('http://10.0.2.100/${token}${path}', method='${method}', data=None if '${method}' == 'GET' else b'{}')
try: print('${method} ${path}', u.urlopen(r, timeout=60).status)
except Exception as e: print('${method} ${path}', getattr(e, 'code', e), e.read().decode() if hasattr(e, 'read') else '')"`;
  const [files, del, pull, tags] = await turn([
    bash(call("GET", "/anthropic/v1/files")),
    bash(call("DELETE", "/ollama/api/delete")),
    bash(call("POST", "/ollama/api/pull")),
    bash(call("GET", "/ollama/api/tags")),
  ]);
  expect(files!.output).toContain("GET /anthropic/v1/files 403");
  expect(files!.output).toContain("a box may only call the model");
  expect(del!.output).toContain("DELETE /ollama/api/delete 403");
  expect(pull!.output).toContain("POST /ollama/api/pull 403");
  expect(tags!.output).toContain("GET /ollama/api/tags 200");
  expect(ollamaSeen).toEqual(["GET /api/tags"]);
  // The model itself was reached through the gateway, with the host's key.
  expect(models.requests.at(-1)!.headers["x-api-key"]).toBe(API_KEY);
}, 10 * 60_000);

it("runs run_node and a script skill like bash: in the tools' namespaces, with no key and no token", async () => {
  const probe = "hostname; ps -eo args; env; cat /proc/[0-9]*/environ 2>/dev/null | tr '\\0' '\\n'";
  const [node, python] = await turn([
    { name: "run_node", args: { code: `console.log(require("child_process").execSync(${JSON.stringify(probe)}, { shell: "/bin/sh" }).toString())`, timeout_ms: 300_000 } },
    { name: "run_python", args: { code: `import subprocess; print(subprocess.run(${JSON.stringify(probe)}, shell=True, capture_output=True, text=True).stdout)`, timeout_ms: 300_000 } },
  ]);
  const token = box.agent.token;
  const gatewayToken = (box as unknown as { gateway: ModelGateway }).gateway.token;
  for (const result of [node!, python!]) {
    expect(result.isError, result.output).toBe(false);
    expect(result.output).toContain("exit code: 0");
    expect(result.output).toMatch(/^PATH=/m);
    // Not the agent's namespaces: not its hostname, not its processes.
    expect(result.output).not.toContain("a3s-agent");
    expect(result.output).not.toMatch(/agent(-loader)?\.cjs/);
    for (const secret of [API_KEY, token, gatewayToken]) expect(result.output).not.toContain(secret);
  }
}, 10 * 60_000);

it("keeps .git/config and hooks read-only for edit, write and bash, while git commit works and the host sees it", async () => {
  const configBefore = readFileSync(join(workspace, ".git/config"), "utf8");
  const hooksBefore = readdirSync(join(workspace, ".git/hooks")).sort();
  const [edit, write, shell, commit] = await turn([
    { name: "edit", args: { file_path: ".git/config", old_string: "[core]", new_string: `[core]\n\tfsmonitor = touch ${planted}` } },
    { name: "write", args: { file_path: ".git/hooks/post-checkout", content: `#!/bin/sh\ntouch ${planted}\n` } },
    bash(
      [
        `printf '[core]\\n\\tfsmonitor = touch ${planted}\\n' >> .git/config`,
        `printf '#!/bin/sh\\ntouch ${planted}\\n' > .git/hooks/pre-commit; chmod +x .git/hooks/pre-commit`,
        "cd /workspace && git config core.hooksPath /tmp",
        "mv .git .git-moved",
        "mv .git/config .git/config-moved",
        "rm -rf .git/hooks",
        "echo END",
      ].join("; "),
    ),
    bash("cd /workspace && echo second >> README.md && git -c user.name=box -c user.email=box@example.com commit -qam 'from the box' && git log --oneline | head -1"),
  ]);
  expect(edit!.isError).toBe(true);
  expect(edit!.output).toContain('".git/config" is a protected path (.git/config)');
  expect(write!.isError).toBe(true);
  expect(write!.output).toContain("is a protected path (.git/hooks/)");
  expect(shell!.output).toContain("END");
  expect(shell!.output.match(/Read-only file system|Device or resource busy|could not lock config file/g)?.length).toBeGreaterThanOrEqual(5);
  expect(commit!.output).toContain("from the box");
  expect(commit!.output).toContain("exit code: 0");

  expect(readFileSync(join(workspace, ".git/config"), "utf8")).toBe(configBefore);
  expect(readdirSync(join(workspace, ".git/hooks")).sort()).toEqual(hooksBefore);
  expect(existsSync(join(workspace, ".git-moved"))).toBe(false);
  expect(git("log", "--format=%s")).toBe("from the box\nfirst\n");
  git("status");
  expect(existsSync(planted)).toBe(false);
}, 10 * 60_000);
