// Attacks on the host⇄agent gRPC channel, against the real agent process: each checks that
// the attack was refused or contained and the agent still answers afterwards.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { A3sClient } from "../../client/index";
import { A3sError, ErrorCodes } from "../../common/errors";
import { MAX_FILE_BYTES } from "../../common/files";
import { startAgent, type AgentProcess } from "../helpers/agent-process";
import { ModelServer } from "../model-server/model-server";
import { reply } from "../model-server/script";

const TOKEN = "channel-test-token-0123456789";
let models: ModelServer;
let agent: AgentProcess;

beforeAll(async () => {
  models = await ModelServer.start();
  agent = await startAgent({ token: TOKEN, env: models.env() });
});
afterAll(async () => {
  await agent?.stop();
  await models?.stop();
});

/** The agent answers a whole turn in a new session. */
afterEach(async () => {
  models.reset();
  models.scriptFor("still alive?", reply("yes"));
  const session = await agent.client.createSession();
  expect((await agent.client.generate(session, "still alive?")).text).toBe("yes");
});

describe("the channel", () => {
  it("refuses calls without the token and with a wrong one", async () => {
    for (const token of [undefined, "wrong-token", `${TOKEN}x`]) {
      const stranger = new A3sClient({ address: agent.address, ...(token ? { token } : {}) });
      try {
        await expect(stranger.createSession(), String(token)).rejects.toSatisfy((err) => A3sError.is(err, ErrorCodes.UNAUTHENTICATED));
      } finally {
        stranger.close();
      }
    }
    expect(await agent.client.listSessions()).toEqual([]);
  });

  it("refuses an oversized message without harm", async () => {
    const session = await agent.client.createSession();
    const before = models.requests.length;
    await expect(agent.client.generate(session, "x".repeat(MAX_FILE_BYTES + 1024 * 1024))).rejects.toThrow(/RESOURCE_EXHAUSTED|larger than max|exceeds/i);
    expect(models.requests).toHaveLength(before);
  });

  it("serves 200 concurrent streams, each its own answer", async () => {
    const sessions = await Promise.all(Array.from({ length: 200 }, () => agent.client.createSession()));
    sessions.forEach((_, i) => models.scriptFor(`stream number ${i};`, reply(`answer ${i}`)));
    const answers = await Promise.all(sessions.map((s, i) => agent.client.generate(s, `stream number ${i};`)));
    expect(answers.map((a) => a.text)).toEqual(sessions.map((_, i) => `answer ${i}`));
  }, 120_000);

  it("cancels the turn of a client that disconnects mid-stream, and frees the session", async () => {
    const session = await agent.client.createSession();
    models.scriptFor("hang on", { kind: "hang", text: ["partial"] });
    const leaving = new A3sClient({ address: agent.address, token: TOKEN });
    for await (const chunk of leaving.stream(session, "hang on")) if (chunk.type === "text-delta") break;
    leaving.close();
    await models.waitForAbort();
    models.scriptFor("after the disconnect", reply("free again"));
    const next = async (): Promise<string> =>
      agent.client.generate(session, "after the disconnect").then(
        (r) => r.text,
        (err: unknown) => (A3sError.is(err, ErrorCodes.BUSY) ? "busy" : Promise.reject(err)),
      );
    await expect.poll(next).toBe("free again");
  });

  it("keeps answering others while a client never reads its stream", async () => {
    const session = await agent.client.createSession();
    models.scriptFor("flood me", reply(Array.from({ length: 2000 }, (_, i) => `chunk ${i} ${"x".repeat(500)}\n`)));
    const stalled = new A3sClient({ address: agent.address, token: TOKEN });
    const iterator = stalled.stream(session, "flood me")[Symbol.asyncIterator]();
    await iterator.next();
    try {
      expect((await agent.client.healthCheck()).version).toBeTruthy();
    } finally {
      await iterator.return?.();
      stalled.close();
    }
  });
});
