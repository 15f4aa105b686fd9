// Starts the built agent (dist/guest/agent.cjs) as a real process and connects the real client.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll } from "vitest";
import { A3sClient } from "../../client/index";
import { ModelServer } from "../model-server/model-server";
import { childEnv } from "./child-env";

export const agentBundle = join(import.meta.dirname, "../../dist/guest/agent.cjs");

/** The agent listens on a socket beside the fifo (a port might be taken by another test). */
export function startAttachedAgent(fifo: string) {
  execFileSync("mkfifo", [fifo]);
  const agent = spawn(process.execPath, [agentBundle, "--listen", `unix:${fifo}.sock`, "--attach", fifo], { stdio: ["ignore", "pipe", "pipe"], env: { PATH: process.env["PATH"] } });
  let stderr = "";
  agent.stderr!.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  return { agent, stderr: () => stderr };
}

export interface AgentProcess {
  client: A3sClient;
  address: string;
  workspace: string;
  stateDir: string;
  process: ChildProcess;
  stderr(): string;
  /** Stops the process (SIGTERM, then SIGKILL) and closes the client. */
  stop(): Promise<void>;
}

export interface AgentProcessOptions {
  env?: Record<string, string>;
  workspace?: string;
  stateDir?: string;
  token?: string;
  /** Extra arguments for the agent. */
  args?: string[];
  /** Name the workspace by the `WORKSPACE` variable instead of `--workspace`. */
  workspaceFromEnv?: boolean;
}

/** A fresh temporary folder, removed by the returned function. */
export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export async function startAgent(options: AgentProcessOptions = {}): Promise<AgentProcess> {
  const workspace = options.workspace ?? tempDir("a3s-ws-").path;
  const stateDir = options.stateDir ?? tempDir("a3s-state-").path;
  const args = [agentBundle, "--listen", "127.0.0.1:0", ...(options.workspaceFromEnv ? [] : ["--workspace", workspace]), "--state-dir", stateDir, ...(options.token ? ["--token", options.token] : []), ...(options.args ?? [])];
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "pipe", "pipe"],
    // Only what the test gives: no real keys or base URLs from the developer's shell.
    env: { ...childEnv(), ...(options.workspaceFromEnv ? { WORKSPACE: workspace } : {}), ...options.env },
  });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (part: string) => (stderr += part));
  const exited = once(child, "exit").then(() => undefined);
  const listening = once(createInterface({ input: child.stdout! }), "line").then(([line]) => String(line));
  const line = await Promise.race([listening, exited]);
  if (line === undefined) throw new Error(`the agent exited before listening:\n${stderr}`);
  const address = line.replace(/^listening /, "");
  const client = new A3sClient({ address, ...(options.token ? { token: options.token } : {}) });
  return {
    client,
    address,
    workspace,
    stateDir,
    process: child,
    stderr: () => stderr,
    async stop() {
      client.close();
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = once(child, "exit");
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/**
 * A test model server and an agent pointed at it, started before the file's tests and
 * stopped after them. Read `models` and `agent` inside tests (they are set in beforeAll).
 */
export function useAgentWithModels(options: Omit<AgentProcessOptions, "env"> & { env?: Record<string, string> } = {}) {
  const state = {} as { models: ModelServer; agent: AgentProcess };
  beforeAll(async () => {
    state.models = await ModelServer.start();
    state.agent = await startAgent({ ...options, env: { ...state.models.env(), ...options.env } });
  });
  afterAll(async () => {
    await state.agent?.stop();
    await state.models?.stop();
  });
  return state;
}
