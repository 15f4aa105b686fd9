// A box whose VM stops answering (its QEMU SIGSTOPped: the host end of the user-network
// forward stays open, as when the guest kernel hangs) fails a streamed turn, and a call made
// while it stays frozen, with UNAVAILABLE naming the keepalive instead of hanging them;
// resumed and stopped, it leaves no VM process behind.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { A3sClient } from "../client/index";
import type { StreamChunk } from "../common/chunks";
import { Box } from "../runtime/box/box";
import { ModelServer } from "./model-server/model-server";
import { vmProcessesOf } from "./support/vm-processes";

const workspace = mkdtempSync(join(tmpdir(), "vm-keepalive-ws-"));
let box: Box;
let models: ModelServer;
/** The VM's pid while the test holds it stopped. */
let frozen: number | undefined;

beforeAll(async () => {
  models = await ModelServer.start();
  // Software emulation on a shared 2-core machine: a boot can take minutes under load.
  box = await Box.create({ workspace, bootTimeoutMs: 600_000, env: { ...models.env(), LLM_PROVIDER: "anthropic", ANTHROPIC_API_KEY: "sk-test" } });
}, 20 * 60_000);

afterAll(async () => {
  if (frozen !== undefined) process.kill(frozen, "SIGCONT");
  await box?.stop();
  await models?.stop();
  rmSync(workspace, { recursive: true, force: true });
});

/** The rest of a stream, or its error; "still open" when it neither ends nor fails within `ms`. */
async function outcome(chunks: AsyncIterator<StreamChunk>, ms: number): Promise<unknown> {
  const drain = (async () => {
    try {
      while (!(await chunks.next()).done);
      return "ended";
    } catch (error) {
      return error;
    }
  })();
  let timer: NodeJS.Timeout | undefined;
  const open = new Promise((resolve) => (timer = setTimeout(() => resolve("still open"), ms)));
  return await Promise.race([drain, open]).finally(() => clearTimeout(timer));
}

it("a frozen box's streamed turn fails with UNAVAILABLE within the keepalive's bound, and so does a call made while it stays frozen", async () => {
  const { address, token } = box.agent;
  const client = new A3sClient({ address, token, keepalive: { timeMs: 2000, timeoutMs: 5000 } });
  try {
    models.script({ kind: "hang", text: ["working"] });
    const session = await client.createSession();
    const chunks = client.stream(session, "go")[Symbol.asyncIterator]();
    while ((await chunks.next()).value?.type !== "text-delta");
    frozen = box.vmPid!;
    process.kill(frozen, "SIGSTOP");
    const frozenAt = Date.now();
    expect(await outcome(chunks, 60_000)).toMatchObject({
      code: "UNAVAILABLE",
      message: `cannot reach the agent at ${address}: it stopped answering (no reply to keepalive within 5 s) or closed the connection`,
    });
    console.log(`the turn failed ${Date.now() - frozenAt} ms after the VM was stopped`);
    await expect(client.healthCheck()).rejects.toMatchObject({ code: "UNAVAILABLE", message: `cannot reach the agent at ${address}: it stopped answering (no connection within 5 s)` });
    process.kill(frozen, "SIGCONT");
    frozen = undefined;
  } finally {
    client.close();
  }
  const id = box.id;
  await box.stop();
  expect(vmProcessesOf(id)).toEqual([]);
}, 5 * 60_000);
