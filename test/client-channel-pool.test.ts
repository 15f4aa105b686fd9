// Connection pooling: A3sClients to the same address share one gRPC channel, and the channel
// closes with the last of them.
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, expect, it } from "vitest";
import { A3sClient } from "../client/index";
import { startAgent, type AgentProcess } from "./helpers/agent-process";

let agent: AgentProcess;
beforeAll(async () => {
  agent = await startAgent();
});
afterAll(async () => {
  await agent?.stop();
});

const channelOf = (client: A3sClient): grpc.Channel => (client as unknown as { raw: grpc.Client }).raw.getChannel() as grpc.Channel;

it("shares one channel per address and closes it with the last client", async () => {
  const a = new A3sClient({ address: agent.address });
  const b = new A3sClient({ address: agent.address, token: "another token shares the channel too" });
  const elsewhere = new A3sClient({ address: "127.0.0.1:1" });
  expect(channelOf(a)).toBe(channelOf(b));
  expect(channelOf(elsewhere)).not.toBe(channelOf(a));
  elsewhere.close();

  await a.healthCheck();
  const shared = channelOf(a);
  a.close();
  a.close(); // a second close releases nothing more
  expect(shared.getConnectivityState(false)).not.toBe(grpc.connectivityState.SHUTDOWN);
  expect((await b.healthCheck()).status).toBe("ok");

  b.close();
  // The helper's own client of this agent is the last user.
  expect(channelOf(agent.client)).toBe(shared);
  expect((await agent.client.healthCheck()).status).toBe("ok");
  agent.client.close();
  expect(shared.getConnectivityState(false)).toBe(grpc.connectivityState.SHUTDOWN);
  await expect(b.healthCheck()).rejects.toThrow();

  const c = new A3sClient({ address: agent.address });
  expect(channelOf(c)).not.toBe(shared);
  expect((await c.healthCheck()).status).toBe("ok");
  c.close();
});

it("closing a client ends its own calls, not those of other clients on the shared channel", async () => {
  const a = new A3sClient({ address: agent.address });
  const b = new A3sClient({ address: agent.address });
  const errorsA: Error[] = [];
  const errorsB: Error[] = [];
  await a.watchFiles("", () => undefined, (e) => errorsA.push(e));
  const stopB = await b.watchFiles("", () => undefined, (e) => errorsB.push(e));
  a.close();
  await expect.poll(() => errorsA.map((e) => (e as { code?: string }).code)).toEqual(["CANCELLED"]);
  expect(errorsB).toEqual([]);
  expect((await b.healthCheck()).status).toBe("ok");
  stopB();
  b.close();
});
