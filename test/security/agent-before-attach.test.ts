// The agent listens before it is attached (so a snapshot template is saved listening), when it
// has no token yet: a call made then must not be handled by anyone before the token is known,
// and is then refused without it. The built agent as a real process, a real fifo, real gRPC.
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { A3sClient } from "../../client/index";
import { ErrorCodes } from "../../common/errors";
import { startAttachedAgent, tempDir } from "../helpers/agent-process";

const dir = tempDir("a3s-before-attach-");
afterAll(() => dir.remove());

it("listens before attach: calls made then wait, unanswered, and are answered after attach only with the token", async () => {
  const fifo = join(dir.path, "early");
  const workspace = tempDir("a3s-attach-ws-");
  const socket = `${fifo}.sock`;
  const { agent } = startAttachedAgent(fifo);
  const good = new A3sClient({ address: `unix:${socket}`, token: "t0ken" });
  const anonymous = new A3sClient({ address: `unix:${socket}` });
  try {
    // The agent opens the fifo for reading once it is ready to be attached, listening included.
    const writer = createWriteStream(fifo);
    await once(writer, "open");
    const settled: string[] = [];
    const early = good.healthCheck().finally(() => settled.push("with token"));
    const earlyAnonymous = anonymous.listSessions().then(
      () => "answered",
      (error: { code?: string }) => error.code,
    ).finally(() => settled.push("without token"));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(settled).toEqual([]);
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

