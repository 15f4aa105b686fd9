// `a3s-box agent` through the CLI: the built agent bundle as a real process, its flags, real gRPC.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, expect, it } from "vitest";
import { A3sClient } from "../client/index";
import { ErrorCodes } from "../common/errors";
import { tempDir } from "./helpers/agent-process";

const cli = join(import.meta.dirname, "../dist/cli/main.js");
const workspace = tempDir("a3s-cli-ws-");
const stateDir = tempDir("a3s-cli-state-");
const socket = join(stateDir.path, "agent.sock");
let agent: ChildProcess;
let client: A3sClient;

beforeAll(async () => {
  agent = spawn(
    process.execPath,
    [cli, "agent", "--listen", `unix:${socket}`, "--workspace", workspace.path, "--state-dir", join(stateDir.path, "sessions"), "--token", "t0ken"],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const [line] = (await once(createInterface({ input: agent.stdout! }), "line")) as [string];
  expect(line).toBe(`listening unix:${socket}`);
  client = new A3sClient({ address: `unix:${socket}`, token: "t0ken" });
});

afterAll(async () => {
  client?.close();
  if (agent && agent.exitCode === null) {
    agent.kill("SIGTERM");
    await once(agent, "exit");
  }
  workspace.remove();
  stateDir.remove();
});

it("answers HealthCheck with its version over a unix socket, with the token", async () => {
  expect(await client.healthCheck()).toMatchObject({ status: "ok", version: "0.1.0", sessionCount: 0 });
  const anonymous = new A3sClient({ address: `unix:${socket}` });
  await expect(anonymous.healthCheck()).rejects.toMatchObject({ code: ErrorCodes.UNAUTHENTICATED });
  anonymous.close();
});

it("keeps sessions in --state-dir and confines tools to --workspace", async () => {
  const id = await client.createSession();
  expect(readdirSync(join(stateDir.path, "sessions"))).toEqual([`${id}.json`]);
  expect(readdirSync(workspace.path)).toEqual([]);
});

it("prints its usage with --help", async () => {
  const help = spawn(process.execPath, [cli, "agent", "--help"], { stdio: ["ignore", "pipe", "ignore"] });
  let stdout = "";
  help.stdout!.setEncoding("utf8").on("data", (s: string) => (stdout += s));
  const [code] = (await once(help, "exit")) as [number];
  expect(code).toBe(0);
  expect(stdout).toBe("usage: a3s-box agent --listen <host:port | unix:/path> [--workspace DIR] [--state-dir DIR] [--token SECRET]\n");
});

it("fails clearly on a bad flag", async () => {
  const bad = spawn(process.execPath, [cli, "agent", "--bogus"], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  bad.stderr!.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  const [code] = (await once(bad, "exit")) as [number];
  expect(code).toBe(2);
  expect(stderr).toContain("Unknown option '--bogus'");
  expect(stderr).toContain("usage: a3s-box agent --listen");
});
