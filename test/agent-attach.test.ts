// `--attach FIFO`: the agent loads its code, reads its built-in skills and listens, then waits
// for its box (arguments and environment, the token among them) on a fifo, as the guest's attach
// step hands them over (calls made before attach: test/security/agent-before-attach.test.ts).
// The built agent bundle as a real process, a real fifo, real gRPC.
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, expect, it } from "vitest";
import { A3sClient } from "../client/index";
import { ErrorCodes } from "../common/errors";
import { startAttachedAgent, tempDir } from "./helpers/agent-process";

const dir = tempDir("a3s-attach-");
afterAll(() => dir.remove());

it("takes its arguments and environment from the fifo, then serves with that token", async () => {
  const fifo = join(dir.path, "attach");
  const workspace = tempDir("a3s-attach-ws-");
  const socket = `${fifo}.sock`;
  const { agent } = startAttachedAgent(fifo);
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
    const { agent, stderr } = startAttachedAgent(fifo);
    writeFileSync(fifo, content);
    const [code] = (await once(agent, "exit")) as [number];
    expect(code).toBe(2);
    expect(stderr()).toContain(message);
  }
});

it("refuses a listener given through the fifo: it listens before attach, from its command line", async () => {
  const fifo = join(dir.path, "late-listen");
  const { agent, stderr } = startAttachedAgent(fifo);
  writeFileSync(fifo, JSON.stringify({ args: ["--listen", `unix:${join(dir.path, "late.sock")}`, "--token", "t0ken"], env: {} }));
  const [code] = (await once(agent, "exit")) as [number];
  expect(code).toBe(2);
  expect(stderr()).toContain("--attach: --listen is used before attach: give it on the command line");
});
