// `--attach FIFO`: the agent loads its code, reads its built-in skills and listens, then waits
// for its box (arguments and environment, the token among them) on a fifo, as the guest's attach
// step hands them over; calls made before attach wait for it and are then checked against the
// token. The built agent bundle as a real process, a real fifo, real gRPC.
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, expect, it } from "vitest";
import { A3sClient } from "../client/index";
import { ErrorCodes } from "../common/errors";
import { agentBundle } from "./helpers/agent-process";
import { tempDir } from "./helpers/agent-process";

const dir = tempDir("a3s-attach-");
afterAll(() => dir.remove());

/** The agent listens on a socket beside the fifo (a port might be taken by another test). */
function startAttached(fifo: string) {
  execFileSync("mkfifo", [fifo]);
  const agent = spawn(process.execPath, [agentBundle, "--listen", `unix:${fifo}.sock`, "--attach", fifo], { stdio: ["ignore", "pipe", "pipe"], env: { PATH: process.env["PATH"] } });
  let stderr = "";
  agent.stderr!.setEncoding("utf8").on("data", (s: string) => (stderr += s));
  return { agent, stderr: () => stderr };
}

it("takes its arguments and environment from the fifo, then serves with that token", async () => {
  const fifo = join(dir.path, "attach");
  const workspace = tempDir("a3s-attach-ws-");
  const socket = `${fifo}.sock`;
  const { agent } = startAttached(fifo);
  const settings = {
    args: ["--token", "t0ken", "--workspace", workspace.path, "--state-dir", join(dir.path, "state")],
    env: { A3S_BOX_ID: "b0x" },
  };
  // Opening the fifo for writing blocks until the agent has opened it: its code is loaded.
  writeFileSync(fifo, JSON.stringify(settings));
  try {
    const [line] = (await once(createInterface({ input: agent.stdout! }), "line")) as [string];
    expect(line).toBe(`listening unix:${socket}`);
    const client = new A3sClient({ address: `unix:${socket}`, token: "t0ken" });
    expect(await client.healthCheck()).toMatchObject({ status: "ok" });
    client.close();
    const anonymous = new A3sClient({ address: `unix:${socket}` });
    await expect(anonymous.healthCheck()).rejects.toMatchObject({ code: ErrorCodes.UNAUTHENTICATED });
    anonymous.close();
  } finally {
    agent.kill("SIGKILL");
    await once(agent, "exit").catch(() => {});
    workspace.remove();
  }
});

it("exits with a clear error when the attach step closes the fifo without settings, or sends garbage", async () => {
  for (const [name, content, message] of [
    ["empty", "", "the attach step gave no settings"],
    ["garbage", "not json", "held no JSON object"],
    ["bad-args", JSON.stringify({ args: [1], env: {} }), `"args" must be a list of strings`],
  ] as const) {
    const fifo = join(dir.path, name);
    const { agent, stderr } = startAttached(fifo);
    writeFileSync(fifo, content);
    const [code] = (await once(agent, "exit")) as [number];
    expect(code).toBe(2);
    expect(stderr()).toContain(message);
  }
});

it("listens before attach: calls made then wait, unanswered, and are answered after attach only with the token", async () => {
  const fifo = join(dir.path, "early");
  const workspace = tempDir("a3s-attach-ws-");
  const socket = `${fifo}.sock`;
  const { agent } = startAttached(fifo);
  const good = new A3sClient({ address: `unix:${socket}`, token: "t0ken" });
  const anonymous = new A3sClient({ address: `unix:${socket}` });
  try {
    // The agent opens the fifo for reading once it is ready to be attached, listening included.
    const writer = createWriteStream(fifo);
    await once(writer, "open");
    let answered = false;
    const early = good.healthCheck().then((health) => ((answered = true), health));
    const earlyAnonymous = anonymous.listSessions().then(
      () => "answered",
      (error: { code?: string }) => error.code,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(answered).toBe(false);
    writer.end(JSON.stringify({ args: ["--token", "t0ken", "--workspace", workspace.path, "--state-dir", join(dir.path, "early-state")], env: {} }));
    expect(await early).toMatchObject({ status: "ok" });
    expect(await earlyAnonymous).toBe(ErrorCodes.UNAUTHENTICATED);
  } finally {
    good.close();
    anonymous.close();
    agent.kill("SIGKILL");
    await once(agent, "exit").catch(() => {});
    workspace.remove();
  }
});

it("refuses a listener given through the fifo: it listens before attach, from its command line", async () => {
  const fifo = join(dir.path, "late-listen");
  const { agent, stderr } = startAttached(fifo);
  writeFileSync(fifo, JSON.stringify({ args: ["--listen", `unix:${join(dir.path, "late.sock")}`, "--token", "t0ken"], env: {} }));
  const [code] = (await once(agent, "exit")) as [number];
  expect(code).toBe(2);
  expect(stderr()).toContain("--attach: --listen is used before attach: give it on the command line");
});
