// The agent loop through the real client and agent process: chunk order, multi-step tool
// loops, step limit, cancel, retries, provider and caller errors, token auth.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import type { StreamChunk } from "../common/chunks";
import { A3sError, ErrorCodes } from "../common/errors";
import { A3sClient } from "../client/index";
import { isProcessAlive } from "../common/node/process-alive";
import { startAgent, useAgentWithModels } from "./helpers/agent-process";
import { waitForFile } from "./helpers/wait-for-file";
import { httpError, reply, toolCalls } from "./model-server/script";

const setup = useAgentWithModels();
let sessionId: string;

beforeEach(async () => {
  setup.models.reset();
  sessionId = await setup.agent.client.createSession({ system: "You are a test." });
});

async function collect(stream: AsyncIterable<StreamChunk>): Promise<StreamChunk[]> {
  const chunks: StreamChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

async function rejection(promise: Promise<unknown>): Promise<A3sError> {
  try {
    await promise;
  } catch (err) {
    expect(A3sError.is(err)).toBe(true);
    return err as A3sError;
  }
  throw new Error("expected a rejection");
}

describe("a turn", () => {
  it("streams chunks in order through a multi-step tool loop and feeds results back", async () => {
    setup.models.script(
      toolCalls([{ name: "write", args: { file_path: "a.txt", content: "A" } }, { name: "write", args: { file_path: "b.txt", content: "B" } }], {
        text: ["Writing."],
        usage: { input: 100, output: 20 },
      }),
      toolCalls([{ name: "bash", args: { command: "cat a.txt b.txt" } }], { usage: { input: 150, output: 10 } }),
      reply(["All ", "done."], { usage: { input: 200, output: 5 } }),
    );
    const chunks = await collect(setup.agent.client.stream(sessionId, "write two files"));
    expect(chunks.map((c) => c.type)).toEqual([
      "text-delta", "tool-call", "tool-call", "tool-result", "tool-result", "tool-call", "tool-result", "text-delta", "text-delta", "finish",
    ]);
    expect(chunks.at(-1)).toEqual({ type: "finish", finish: { usage: { inputTokens: 450, outputTokens: 35 }, finishReason: "stop" } });
    const bash = chunks.filter((c) => c.type === "tool-result")[2];
    expect(bash).toMatchObject({ toolResult: { name: "bash", output: "AB\nexit code: 0", isError: false } });

    // The second request carried the first step's tool results, paired with their calls.
    const second = setup.models.requests[1]!.body as { system: string; messages: Array<{ role: string; content: unknown }> };
    expect(second.system).toBe("You are a test.");
    const [user, assistant, results] = second.messages;
    expect(user).toEqual({ role: "user", content: "write two files" });
    const calls = (assistant!.content as Array<{ type: string; id?: string }>).filter((b) => b.type === "tool_use");
    expect(calls).toHaveLength(2);
    expect(results).toEqual({
      role: "user",
      content: calls.map((c, i) => ({ type: "tool_result", tool_use_id: c.id, content: `Wrote 1 bytes to ${i === 0 ? "a" : "b"}.txt`, is_error: false })),
    });

    const history = await setup.agent.client.getHistory(sessionId);
    expect(history.map((m) => m.role)).toEqual(["user", "assistant", "tool", "assistant", "tool", "assistant"]);
    expect(history.at(-1)!.text).toBe("All done.");
    expect(await setup.agent.client.getContextUsage(sessionId)).toEqual({ usedTokens: 205, contextWindow: 200_000, messageCount: 6 });
  });

  it("stops at the session's step limit", async () => {
    await setup.agent.client.configure(sessionId, { maxSteps: 2 });
    setup.models.script(toolCalls([{ name: "ls", args: {} }]), toolCalls([{ name: "ls", args: {} }]), toolCalls([{ name: "ls", args: {} }]));
    const result = await setup.agent.client.generate(sessionId, "loop forever");
    expect(result.finishReason).toBe("max-steps");
    expect(result.toolResults).toHaveLength(2);
    expect(setup.models.requests).toHaveLength(2);
  });

  it("reports the model's length stop", async () => {
    setup.models.script(reply("cut", { stop: "length" }));
    expect((await setup.agent.client.generate(sessionId, "long")).finishReason).toBe("length");
  });
});

describe("cancel", () => {
  it("Cancel aborts the model stream within a second", async () => {
    setup.models.script({ kind: "hang", text: ["Thinking"] });
    const stream = setup.agent.client.stream(sessionId, "take forever");
    const chunks: StreamChunk[] = [];
    let cancelledAt = 0;
    for await (const chunk of stream) {
      chunks.push(chunk);
      if (chunk.type === "text-delta") {
        cancelledAt = Date.now();
        expect(await setup.agent.client.cancel(sessionId)).toBe(true);
      }
    }
    expect(Date.now() - cancelledAt).toBeLessThan(1000);
    expect(chunks.map((c) => c.type)).toEqual(["text-delta", "finish"]);
    expect(chunks.at(-1)).toMatchObject({ finish: { finishReason: "cancelled" } });
    await setup.models.waitForAbort();
    expect(await setup.agent.client.cancel(sessionId)).toBe(false);
    const history = await setup.agent.client.getHistory(sessionId);
    expect(history.map((m) => [m.role, m.text])).toEqual([["user", "take forever"], ["assistant", "Thinking"]]);
  });

  it("Cancel kills a running tool and its children within a second", async () => {
    const marker = join(setup.agent.workspace, "survivor");
    const childPid = join(setup.agent.workspace, "child.pid");
    // The pid file appears (whole, by rename) once bash runs and has started its child.
    const command = `(sleep 1.5; touch ${marker}) & echo $! > ${childPid}.tmp && mv ${childPid}.tmp ${childPid}; sleep 60`;
    setup.models.script(toolCalls([{ name: "bash", args: { command } }, { name: "ls", args: {} }]));
    const chunks: StreamChunk[] = [];
    let cancelledAt = 0;
    for await (const chunk of setup.agent.client.stream(sessionId, "run a long command")) {
      chunks.push(chunk);
      if (chunk.type === "tool-call" && chunk.toolCall.name === "ls") {
        await waitForFile(childPid);
        cancelledAt = Date.now();
        await setup.agent.client.cancel(sessionId);
      }
    }
    expect(Date.now() - cancelledAt).toBeLessThan(1000);
    const results = chunks.filter((c) => c.type === "tool-result").map((c) => c.toolResult);
    expect(results).toEqual([
      expect.objectContaining({ name: "bash", isError: true, output: "Cancelled." }),
      expect.objectContaining({ name: "ls", isError: true, output: "Cancelled before it ran." }),
    ]);
    expect(chunks.at(-1)).toMatchObject({ finish: { finishReason: "cancelled" } });
    // The child is dead, so it can never write the marker.
    expect(isProcessAlive(Number(readFileSync(childPid, "utf8")))).toBe(false);
    expect(existsSync(marker)).toBe(false);
  });

  it("leaving a for-await early cancels the turn", async () => {
    setup.models.script({ kind: "hang", text: ["Hello"] });
    for await (const chunk of setup.agent.client.stream(sessionId, "hi")) {
      if (chunk.type === "text-delta") break;
    }
    await setup.models.waitForAbort();
    setup.models.script(reply("again"));
    // The session is free again once the aborted turn has wound down.
    let result;
    for (let tries = 0; !result; tries++) {
      try {
        result = await setup.agent.client.generate(sessionId, "hi again");
      } catch (err) {
        if (!A3sError.is(err, ErrorCodes.BUSY) || tries > 20) throw err;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    expect(result.text).toBe("again");
  });
});

describe("provider errors", () => {
  it("retries a 429 (honouring Retry-After) and a 503, then succeeds", async () => {
    setup.models.script(httpError(429, "rate limited", "0"), httpError(503, "overloaded"), reply("finally"));
    const result = await setup.agent.client.generate(sessionId, "hello");
    expect(result.text).toBe("finally");
    expect(setup.models.requests).toHaveLength(3);
  });

  it("fails at once on 401 with a clear message, without retrying", async () => {
    setup.models.script(httpError(401, "invalid x-api-key"), reply("must not be used"));
    const err = await rejection(setup.agent.client.generate(sessionId, "hello"));
    expect(err.code).toBe(ErrorCodes.PROVIDER_AUTH);
    expect(err.message).toBe("anthropic answered 401: invalid x-api-key. Check the API key (or the model gateway's credentials).");
    expect(setup.models.requests).toHaveLength(1);
  });

  it("gives up after the limit on tries, and the stream shows error then finish", async () => {
    setup.models.script(httpError(500, "boom", "0"), httpError(500, "boom", "0"), httpError(500, "boom", "0"), httpError(500, "boom", "0"));
    const chunks = await collect(setup.agent.client.stream(sessionId, "hello"));
    expect(chunks).toEqual([
      { type: "error", error: { code: "PROVIDER_ERROR", message: "anthropic answered 500: boom" } },
      { type: "finish", finish: { usage: { inputTokens: 0, outputTokens: 0 }, finishReason: "error" } },
    ]);
    expect(setup.models.requests).toHaveLength(4);
  });

  it("says clearly when the provider cannot be reached", async () => {
    const lonely = await startAgent({ env: { ANTHROPIC_BASE_URL: "http://127.0.0.1:9" } });
    try {
      const id = await lonely.client.createSession();
      const err = await rejection(lonely.client.generate(id, "hello"));
      expect(err.code).toBe(ErrorCodes.UNAVAILABLE);
      expect(err.message).toMatch(/^cannot reach anthropic at http:\/\/127\.0\.0\.1:9: /);
    } finally {
      await lonely.stop();
    }
  }, 20_000);
});

describe("caller errors", () => {
  it("names unknown sessions, busy sessions and bad options", async () => {
    expect((await rejection(setup.agent.client.generate("no-such-session", "hi"))).code).toBe(ErrorCodes.SESSION_NOT_FOUND);
    expect((await rejection(setup.agent.client.createSession({ cwd: "../up" }))).code).toBe(ErrorCodes.PATH_OUTSIDE_WORKSPACE);
    const bad = await rejection(setup.agent.client.createSession({ model: { provider: "nope" as "openai", name: "x" } }));
    expect(bad).toMatchObject({ code: ErrorCodes.INVALID_ARGUMENT, message: expect.stringContaining('"nope"') });
    setup.models.script({ kind: "hang", text: ["..."] });
    const first = setup.agent.client.stream(sessionId, "one")[Symbol.asyncIterator]();
    await first.next();
    const busy = await rejection(setup.agent.client.generate(sessionId, "two"));
    expect(busy.code).toBe(ErrorCodes.BUSY);
    await setup.agent.client.cancel(sessionId);
    while (!(await first.next()).done);
  });

  it("reports an unreachable agent as UNAVAILABLE", async () => {
    const client = new A3sClient({ address: "127.0.0.1:9" });
    try {
      const err = await rejection(client.healthCheck());
      expect(err.code).toBe(ErrorCodes.UNAVAILABLE);
      expect(err.message).toContain("cannot reach the agent at 127.0.0.1:9");
    } finally {
      client.close();
    }
  });
});

describe("token", () => {
  it("refuses every call without the token", async () => {
    const guarded = await startAgent({ env: setup.models.env(), token: "s3cret" });
    const anonymous = new A3sClient({ address: guarded.address });
    const wrong = new A3sClient({ address: guarded.address, token: "guess" });
    try {
      expect(await guarded.client.healthCheck()).toMatchObject({ status: "ok", sessionCount: 0 });
      for (const client of [anonymous, wrong]) {
        expect((await rejection(client.healthCheck())).code).toBe(ErrorCodes.UNAUTHENTICATED);
        expect((await rejection(client.createSession())).code).toBe(ErrorCodes.UNAUTHENTICATED);
        const chunks = client.stream("x", "hi");
        expect((await rejection(collect(chunks))).code).toBe(ErrorCodes.UNAUTHENTICATED);
      }
    } finally {
      anonymous.close();
      wrong.close();
      await guarded.stop();
    }
  });
});
