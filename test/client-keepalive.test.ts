// An agent that stops answering (SIGSTOP: its TCP connection stays open, as a frozen VM's does
// through QEMU's user network) fails the calls on it with UNAVAILABLE naming the keepalive,
// instead of hanging them; a healthy channel pinged often stays up.
import * as grpc from "@grpc/grpc-js";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { A3sClient } from "../client/index";
import type { FileChange } from "../common/files";
import { startAgent, type AgentProcess } from "./helpers/agent-process";

let agent: AgentProcess | undefined;
let client: A3sClient | undefined;
afterEach(async () => {
  client?.close();
  agent?.process.kill("SIGCONT");
  await agent?.stop();
});

it("a watch on a frozen agent, and a call made while it stays frozen, fail with UNAVAILABLE; the client recovers once it answers", async () => {
  agent = await startAgent();
  client = new A3sClient({ address: agent.address, keepalive: { timeMs: 500, timeoutMs: 1000 } });
  const errors: Error[] = [];
  await client.watchFiles("", () => undefined, (error) => errors.push(error));
  agent.process.kill("SIGSTOP");
  await expect.poll(() => errors.length, { timeout: 15_000 }).toBe(1);
  expect(errors[0]).toMatchObject({
    code: "UNAVAILABLE",
    message: `cannot reach the agent at ${agent.address}: it stopped answering (no reply to keepalive within 1 s) or closed the connection`,
  });
  // A new connection is accepted by the kernel but never gets the agent's HTTP/2 handshake.
  await expect(client.healthCheck()).rejects.toMatchObject({
    code: "UNAVAILABLE",
    message: `cannot reach the agent at ${agent.address}: it stopped answering (no connection within 1 s)`,
  });
  agent.process.kill("SIGCONT");
  await expect.poll(() => client!.healthCheck().then((health) => health.status, () => "down"), { timeout: 15_000 }).toBe("ok");
}, 60_000);

it("a healthy channel pinged every 100 ms keeps its watch across many pings", async () => {
  agent = await startAgent();
  client = new A3sClient({ address: agent.address, keepalive: { timeMs: 100, timeoutMs: 10_000 } });
  const errors: Error[] = [];
  const changes: FileChange[] = [];
  await client.watchFiles("", (change) => changes.push(change), (error) => errors.push(error));
  await expect.poll(() => keepalivesSent(client!), { timeout: 20_000, interval: 200 }).toBeGreaterThanOrEqual(10);
  writeFileSync(join(agent.workspace, "after-pings.txt"), "x");
  await expect.poll(() => changes.map((change) => change.path), { timeout: 15_000 }).toContain("after-pings.txt");
  expect(errors).toEqual([]);
  expect((await client.healthCheck()).status).toBe("ok");
}, 60_000);

/** The pings the client's channel has sent on its current connection, from grpc-js's channelz. */
async function keepalivesSent(of: A3sClient): Promise<number> {
  const channel = (of as unknown as { raw: grpc.Client }).raw.getChannel() as grpc.Channel;
  const handlers = grpc.getChannelzHandlers();
  const ask = <T>(method: keyof typeof handlers, request: object) =>
    new Promise<T>((resolve, reject) =>
      (handlers[method] as (call: object, callback: (error: Error | null, value?: T) => void) => void)({ request }, (error, value) => (error ? reject(error) : resolve(value!))),
    );
  const { channel: info } = await ask<{ channel: { subchannel_ref: Array<{ subchannel_id: number }> } }>("GetChannel", { channel_id: channel.getChannelzRef().id });
  let sent = 0;
  for (const { subchannel_id } of info.subchannel_ref) {
    const { subchannel } = await ask<{ subchannel: { socket_ref: Array<{ socket_id: number }> } }>("GetSubchannel", { subchannel_id });
    for (const { socket_id } of subchannel.socket_ref) sent += Number((await ask<{ socket: { data: { keep_alives_sent: number } } }>("GetSocket", { socket_id })).socket.data.keep_alives_sent);
  }
  return sent;
}
