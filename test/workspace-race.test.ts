// The UI's file API against a workspace that the box keeps rearranging: a loop swaps a folder
// and a symlink that leads out of the workspace (renameat2 RENAME_EXCHANGE) while the UI saves
// and opens files in that folder, over both transports of BoxApi: the WebSocket of
// `a3s-box serve --agent` and the dispatcher behind Electron's IPC. Nothing the UI saves may
// land outside the workspace, and nothing it opens may come from outside.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { WsServerFrame } from "../common/box-api";
import { BoxService, ATTACHED_BOX_ID } from "../runtime/service/box-service";
import { createBoxApiDispatcher } from "../runtime/service/box-api-schema";
import { connectAgent } from "../runtime/service/connect-agent";
import { FileSecretStore } from "../runtime/service/secret-store";
import { startAgent, tempDir, type AgentProcess } from "./helpers/agent-process";
import { startSwapLoop } from "./helpers/swap-loop";
import { childEnv } from "./helpers/child-env";

const CLI = join(import.meta.dirname, "../dist/cli/main.js");
const ATTACK_MS = 2500;
/** Rounds made at the least, however slow a loaded machine is. */
const MIN_ROUNDS = 30;
const INSIDE = "the workspace's own file\n";
const SECRET = "a file outside the workspace\n";

type Call = (method: string, args: unknown[]) => Promise<unknown>;

let agent: AgentProcess;
let outside: { path: string; remove(): void };
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  agent = await startAgent();
  outside = tempDir("a3s-outside-");
  writeFileSync(join(outside.path, "data.txt"), SECRET);
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await agent?.stop();
  outside?.remove();
});

/** A fresh folder `name` in the workspace and `name-link` beside it, leading to the outside folder. */
function prepare(name: string): { folder: string; link: string } {
  const folder = join(agent.workspace, name);
  mkdirSync(folder);
  writeFileSync(join(folder, "data.txt"), INSIDE);
  symlinkSync(outside.path, `${folder}-link`);
  return { folder, link: `${folder}-link` };
}

/** Saves and opens files in `name` through `call` while the swap loop runs; counts where they went. */
async function attack(call: Call, name: string) {
  const { folder, link } = prepare(name);
  const swapper = await startSwapLoop(folder, link);
  const results = { savedInside: 0, savedOutside: 0, readInside: 0, readOutside: 0, refused: 0 };
  let round = 0;
  try {
    const until = Date.now() + ATTACK_MS;
    while (Date.now() < until || round < MIN_ROUNDS) {
      const i = round++;
      const [write, read] = await Promise.allSettled([
        call("writeFile", [ATTACHED_BOX_ID, `${name}/saved-${i}.txt`, "saved by the user\n"]),
        call("readFile", [ATTACHED_BOX_ID, `${name}/data.txt`]),
      ]);
      if (write.status === "rejected") results.refused++;
      if (read.status === "rejected") results.refused++;
      else if ((read.value as { content: string }).content === SECRET) results.readOutside++;
      else if ((read.value as { content: string }).content === INSIDE) results.readInside++;
    }
  } finally {
    await swapper.stop();
  }
  results.savedOutside = readdirSync(outside.path).filter((f) => f.startsWith("saved-")).length;
  results.savedInside = readdirSync(folder).filter((f) => f.startsWith("saved-")).length;
  return { ...results, rounds: round };
}

function expectConfined(results: Awaited<ReturnType<typeof attack>>): void {
  // Report what happened when it fails: how many saves landed outside, how many reads leaked.
  expect({ savedOutside: results.savedOutside, readOutside: results.readOutside }, JSON.stringify(results)).toEqual({ savedOutside: 0, readOutside: 0 });
  // The UI still works on the folder while the box plays with it.
  expect(results.savedInside, JSON.stringify(results)).toBeGreaterThan(0);
  expect(results.readInside, JSON.stringify(results)).toBeGreaterThan(0);
}

describe("the UI's file API while the box swaps a folder for a symlink", () => {
  it("over the IPC dispatcher: nothing lands or is read outside the workspace", async () => {
    const state = tempDir("a3s-race-state-");
    const service = await BoxService.open({
      stateDir: state.path,
      secrets: new FileSecretStore(state.path),
      host: "electron",
      version: "0.0.0",
      env: {},
      attach: connectAgent(agent.address),
    });
    cleanups.push(async () => {
      await service.dispose();
      state.remove();
    });
    const dispatch = createBoxApiDispatcher(service);
    expectConfined(await attack((method, args) => dispatch(method, args), "ipc"));
  });

  it("over the WebSocket of a3s-box serve --agent: nothing lands or is read outside the workspace", async () => {
    const state = tempDir("a3s-race-serve-");
    const serve = spawn(process.execPath, [CLI, "serve", "--port", "0", "--agent", agent.address, "--state-dir", state.path], {
      stdio: ["ignore", "pipe", "inherit"],
      env: childEnv(),
    });
    cleanups.push(async () => {
      await stop(serve);
      state.remove();
    });
    const [line] = (await once(createInterface({ input: serve.stdout! }), "line")) as [string];
    const url = new URL(line.replace(/^A3S Box is serving at /, ""));
    const socket = new WebSocket(`ws://${url.host}/api`, { headers: { authorization: `Bearer ${url.searchParams.get("token")}` } });
    await once(socket, "open");
    cleanups.push(() => socket.close());
    expectConfined(await attack(socketCaller(socket), "ws"));
    expect(socket.readyState, "serve closed the WebSocket during the attack").toBe(WebSocket.OPEN);
  });
});

function socketCaller(socket: WebSocket): Call {
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  socket.on("message", (data) => {
    const frame = JSON.parse(String(data)) as WsServerFrame;
    if ("event" in frame) return;
    const call = pending.get(frame.id);
    pending.delete(frame.id);
    if ("error" in frame) call?.reject(new Error(`${frame.error.code}: ${frame.error.message}`));
    else call?.resolve(frame.result);
  });
  // A server that dies mid-attack fails the test at once, naming how, instead of by timeout.
  socket.on("close", (code) => {
    for (const call of pending.values()) call.reject(new Error(`the serve WebSocket closed (${code}) with the call unanswered`));
    pending.clear();
  });
  return (method, args) =>
    new Promise((resolve, reject) => {
      if (socket.readyState !== WebSocket.OPEN) return reject(new Error("the serve WebSocket is closed"));
      const id = nextId++;
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, args }));
    });
}

/** SIGTERM, then SIGKILL: a server whose event loop the attack froze cannot act on SIGTERM. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
  await exited;
  clearTimeout(timer);
}
