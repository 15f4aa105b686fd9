// `a3s-box agent` through the CLI: the built agent bundle as a real process, its flags, real gRPC.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { A3sClient } from "../client/index";
import { ErrorCodes } from "../common/errors";
import { hasNodeSqlite } from "../guest/agent/session/sqlite-session-store";
import { startAgent, tempDir, type AgentProcessOptions } from "./helpers/agent-process";
import { ModelServer } from "./model-server/model-server";
import { reply, toolCalls } from "./model-server/script";

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
  expect(stdout).toBe(
    "usage: a3s-box agent --listen <host:port | unix:/path> [--workspace DIR] [--state-dir DIR] [--session-store file|sqlite|MODULE] [--log-level LEVEL] [--token SECRET] " +
      "[--hooks FILE] [--hook-timeout-ms N] [--lanes control=N,query=N,execute=N,generate=N] [--skills-dir DIR] [--protected-paths P,...] " +
      "[--tool-cgroup DIR [--tool-processes N] [--tool-memory-mib N]] [--tools-command JSON] [--attach FIFO [--rehearse]] [--preload]\n",
  );
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

/** Runs `a3s-box agent` with `args` until it prints its first line or exits. */
async function firstWords(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cli, "agent", "--workspace", workspace.path, "--state-dir", join(stateDir.path, "other"), ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  const exited = once(child, "exit").then(([code]) => code as number);
  const line = once(createInterface({ input: child.stdout! }), "line").then(([l]) => String(l));
  const first = await Promise.race([line, exited]);
  if (typeof first === "number") return { code: first, stdout: "", stderr };
  child.kill("SIGTERM");
  await exited;
  return { code: null, stdout: first, stderr };
}

it("refuses to listen beyond loopback without a token, and warns on loopback without one", async () => {
  const open = await firstWords(["--listen", "0.0.0.0:0"]);
  expect(open.code).toBe(2);
  expect(open.stdout).toBe("");
  expect(open.stderr).toContain("refusing to listen on 0.0.0.0:0 without --token");

  const loopback = await firstWords(["--listen", "127.0.0.1:0"]);
  expect(loopback.stdout).toMatch(/^listening 127\.0\.0\.1:\d+$/);
  expect(logLines(loopback.stderr)).toContainEqual(expect.objectContaining({ level: "warn", msg: expect.stringContaining("listening on 127.0.0.1:0 without --token") }));

  const guarded = await firstWords(["--listen", "0.0.0.0:0", "--token", "s3cret-token"]);
  expect(guarded.stdout).toMatch(/^listening 0\.0\.0\.0:\d+$/);
  expect(guarded.stderr).not.toContain("without --token");
  // On the host nothing is isolated, and the agent says so at start.
  expect(logLines(guarded.stderr)).toContainEqual(
    expect.objectContaining({ level: "warn", component: "agent", msg: expect.stringMatching(/^not isolated: running on this host, not in a box/) }),
  );
}, 120_000);

it("keeps sessions in the store --session-store names: a module's, across a restart", async () => {
  const state = tempDir("a3s-cli-store-");
  const args = ["--session-store", join(import.meta.dirname, "support/map-session-store.mjs")];
  try {
    const first = await startAgent({ stateDir: state.path, args });
    const id = await first.client.createSession({ title: "kept" });
    await first.stop();
    expect(Object.keys(JSON.parse(readFileSync(join(state.path, "all-sessions.json"), "utf8")) as object)).toEqual([id]);
    expect(readdirSync(state.path)).not.toContain(`${id}.json`);
    const second = await startAgent({ stateDir: state.path, args });
    expect((await second.client.listSessions()).map((s) => [s.id, s.options.title])).toEqual([[id, "kept"]]);
    await second.stop();
  } finally {
    state.remove();
  }
}, 60_000);

it("refuses an unknown --session-store, and sqlite where this Node has no node:sqlite", async () => {
  const unknown = await firstWords(["--listen", "127.0.0.1:0", "--session-store", "redis"]);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain('a3s-box agent: --session-store: "redis" is neither a built-in store (file, sqlite) nor a module path');
  const sqlite = await firstWords(["--listen", "127.0.0.1:0", "--session-store", "sqlite"]);
  if (hasNodeSqlite()) {
    expect(sqlite.stdout).toMatch(/^listening /);
    expect(readdirSync(join(stateDir.path, "other"))).toContain("sessions.sqlite");
  } else {
    expect(sqlite.code).toBe(2);
    expect(sqlite.stderr).toContain(`a3s-box agent: the sqlite session store needs node:sqlite, which Node ${process.version} lacks (Node 22.5 or newer has it)`);
  }
}, 60_000);

/** The agent's stderr as log entries; every line must be one JSON object. */
function logLines(stderr: string): Record<string, unknown>[] {
  return stderr.split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}

it("logs JSON lines at the level of --log-level or A3S_LOG, and refuses an unknown level by name", async () => {
  const debug = await firstWords(["--listen", "127.0.0.1:0", "--log-level", "debug"]);
  expect(debug.stdout).toMatch(/^listening /);
  const levels = logLines(debug.stderr).map((entry) => entry["level"]);
  expect(levels).toContain("debug");
  expect(logLines(debug.stderr)).toContainEqual(expect.objectContaining({ level: "debug", msg: "session store opened", store: "file" }));
  const quiet = await firstWords(["--listen", "127.0.0.1:0", "--token", "s3cret-token"], { A3S_LOG: "error" });
  expect(quiet.stdout).toMatch(/^listening /);
  expect(quiet.stderr).toBe("");
  const bad = await firstWords(["--listen", "127.0.0.1:0", "--log-level", "verbose"]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toBe('a3s-box agent: --log-level: unknown log level "verbose"; use one of error, warn, info, debug, trace\n');
  const badEnv = await firstWords(["--listen", "127.0.0.1:0"], { A3S_LOG: "loud" });
  expect(badEnv.code).toBe(2);
  expect(badEnv.stderr).toContain('A3S_LOG: unknown log level "loud"');
}, 120_000);

describe("the design's WORKSPACE", () => {
  /** What `bash` prints of its working directory and $WORKSPACE in an agent started with `options`. */
  async function seenByTools(options: AgentProcessOptions): Promise<{ workspace: string; output: string }> {
    const models = await ModelServer.start();
    const agent = await startAgent({ ...options, env: { ...models.env(), ...options.env } });
    try {
      models.script(toolCalls([{ name: "bash", args: { command: 'pwd; echo "$WORKSPACE"' } }]), reply("ok"));
      const id = await agent.client.createSession();
      const [result] = (await agent.client.generate(id, "where am I")).toolResults;
      return { workspace: agent.workspace, output: result!.output };
    } finally {
      await agent.stop();
      await models.stop();
    }
  }

  it("is the workspace when --workspace is not given, and the tools see it", async () => {
    const { workspace, output } = await seenByTools({ workspaceFromEnv: true });
    expect(output).toBe(`${workspace}\n${workspace}\nexit code: 0`);
  });

  it("yields to --workspace, and then names the flag's folder to the tools", async () => {
    const elsewhere = tempDir("a3s-elsewhere-");
    try {
      const { workspace, output } = await seenByTools({ env: { WORKSPACE: elsewhere.path } });
      expect(output).toBe(`${workspace}\n${workspace}\nexit code: 0`);
    } finally {
      elsewhere.remove();
    }
  });
});
