// `a3s-box agent --tools-command`: the built agent as a real process starts the command as its
// tools' programs run (in the workspace, with the environment scrubbed of keys and tokens),
// logs its end as a JSON line, and refuses a malformed command before it listens.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { agentBundle, startAgent, tempDir, type AgentProcess } from "./helpers/agent-process";
import { childEnv } from "./helpers/child-env";

const workspace = tempDir("a3s-tools-command-");
let agent: AgentProcess | undefined;
afterAll(async () => {
  await agent?.stop();
  workspace.remove();
});

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it("starts the command in the workspace without the agent's secrets, and logs its end", async () => {
  // The words reach the program as they are: no second round of shell parsing.
  const script = 'pwd > started.txt; env > env.txt; echo "$1" > arg.txt; echo bye; exit 3';
  agent = await startAgent({
    workspace: workspace.path,
    token: "agent-token-0f9e",
    env: { ANTHROPIC_API_KEY: "sk-ant-not-for-tools", OPENAI_BASE_URL: "http://gw/gateway-token-77", A3S_AGENT_TOKEN: "agent-token-0f9e" },
    args: ["--tools-command", JSON.stringify(["sh", "-c", script, "a3s", "two words; $HOME"]), "--log-level", "info"],
  });
  const ended = await until("the end line", () =>
    agent!
      .stderr()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((entry) => entry["msg"] === "the tools command ended"),
  );
  expect(ended).toMatchObject({ level: "warn", component: "agent", exitCode: 3, output: "bye\n" });
  expect(readFileSync(join(workspace.path, "started.txt"), "utf8")).toBe(`${workspace.path}\n`);
  expect(readFileSync(join(workspace.path, "arg.txt"), "utf8")).toBe("two words; $HOME\n");
  const env = readFileSync(join(workspace.path, "env.txt"), "utf8");
  expect(env).toContain("PATH=");
  for (const secret of ["agent-token-0f9e", "sk-ant-not-for-tools", "gateway-token-77"]) expect(env).not.toContain(secret);
});

it("refuses a malformed command by name before it listens", async () => {
  for (const [value, problem] of [
    ["redis-server --port 1", "--tools-command needs a JSON array of strings"],
    ["[]", "--tools-command must be a non-empty list of strings"],
    ['["", "x"]', "--tools-command must name a program first"],
  ] as const) {
    const child = spawn(process.execPath, [agentBundle, "--listen", "127.0.0.1:0", "--workspace", workspace.path, "--tools-command", value], { env: childEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (part: string) => (stderr += part));
    const [code] = (await once(child, "exit")) as [number];
    expect(code).toBe(2);
    expect(stderr).toContain(problem);
  }
});
