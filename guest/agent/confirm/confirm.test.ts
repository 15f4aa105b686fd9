import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StreamChunk } from "../../../common/chunks";
import { A3sError } from "../../../common/errors";
import { ConfirmationBroker } from "./confirmation-broker";
import { proposedFileDiff, type DiffContext } from "./file-diff";

const request = { tool: "bash", args: { command: "rm -rf build" }, reason: "ask rule matched", toolCallId: "call-1" };

function askWith(broker: ConfirmationBroker, options: { timeoutMs?: number; signal?: AbortSignal } = {}) {
  const chunks: StreamChunk[] = [];
  const outcome = broker.ask("s1", request, { timeoutMs: options.timeoutMs ?? 60_000, signal: options.signal, emit: (c) => chunks.push(c) });
  const first = chunks[0];
  if (first?.type !== "confirmation-request") throw new Error("no confirmation request emitted");
  return { outcome, chunks, requestId: first.confirmationRequest.requestId };
}

describe("ConfirmationBroker", () => {
  it("emits the request and resolves with the human answer", async () => {
    const broker = new ConfirmationBroker();
    const { outcome, chunks, requestId } = askWith(broker);
    expect(chunks[0]).toMatchObject({ confirmationRequest: { ...request, requestId } });
    broker.respond("s1", requestId, { decision: "allow", remember: "session", message: "fine" });
    await expect(outcome).resolves.toEqual({ decision: "allow", decidedBy: "human", remember: "session", reason: "the user answered allow: fine" });
    expect(chunks[1]).toEqual({ type: "confirmation-resolved", confirmationResolved: { requestId, decision: "allow", reason: "human" } });
  });

  it("denies when nobody answers in time", async () => {
    const broker = new ConfirmationBroker();
    const { outcome } = askWith(broker, { timeoutMs: 20 });
    await expect(outcome).resolves.toMatchObject({ decision: "deny", decidedBy: "timeout", reason: "no answer within 20 ms, so the call was denied" });
  });

  it("withdraws the request when the turn is cancelled", async () => {
    const broker = new ConfirmationBroker();
    const abort = new AbortController();
    const { outcome, chunks, requestId } = askWith(broker, { signal: abort.signal });
    abort.abort();
    await expect(outcome).resolves.toMatchObject({ decision: "deny", decidedBy: "cancelled" });
    expect(chunks[1]).toMatchObject({ confirmationResolved: { requestId, decision: "deny", reason: "cancelled" } });
    expect(() => broker.respond("s1", requestId, { decision: "allow" })).toThrow(/no pending confirmation request/);
  });

  it("refuses answers for another session or with a bad decision", async () => {
    const broker = new ConfirmationBroker();
    const { outcome, requestId } = askWith(broker);
    let error: unknown;
    try {
      broker.respond("other", requestId, { decision: "allow" });
    } catch (err) {
      error = err;
    }
    expect(A3sError.is(error, "NOT_FOUND")).toBe(true);
    expect(() => broker.respond("s1", requestId, { decision: "yes" as never })).toThrow('invalid confirmation decision "yes"');
    expect(() => broker.respond("s1", requestId, { decision: "allow", remember: "forever" as never })).toThrow('invalid confirmation remember "forever"');
    broker.respond("s1", requestId, { decision: "deny" });
    await expect(outcome).resolves.toMatchObject({ decision: "deny", decidedBy: "human", remember: "once" });
  });
});

describe("proposedFileDiff", () => {
  let root: string;
  let context: DiffContext;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "a3s-diff-"));
    await writeFile(join(root, "a.txt"), "hello world\n");
    context = {
      resolve: (p) => {
        const abs = resolve(root, p);
        if (relative(root, abs).startsWith("..")) throw new Error("outside");
        return abs;
      },
      relative: (abs) => relative(root, abs),
      applyEdit: (before, args) => before.replace(String(args["old_string"]), String(args["new_string"])),
    };
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("shows a write over an existing file and a new one", async () => {
    expect(await proposedFileDiff("write", { file_path: "a.txt", content: "bye\n" }, context)).toEqual({
      path: "a.txt", before: "hello world\n", after: "bye\n", isNewFile: false,
    });
    expect(await proposedFileDiff("write", { file_path: "new/b.txt", content: "x" }, context)).toEqual({
      path: "new/b.txt", before: "", after: "x", isNewFile: true,
    });
  });

  it("shows an edit as the tool would apply it", async () => {
    expect(await proposedFileDiff("edit", { file_path: "a.txt", old_string: "world", new_string: "there" }, context)).toMatchObject({
      before: "hello world\n", after: "hello there\n",
    });
  });

  it("has no diff for other tools, refused paths or edits of missing files", async () => {
    expect(await proposedFileDiff("bash", { command: "ls" }, context)).toBeUndefined();
    expect(await proposedFileDiff("write", { file_path: "../x", content: "" }, context)).toBeUndefined();
    expect(await proposedFileDiff("edit", { file_path: "missing.txt", old_string: "a", new_string: "b" }, context)).toBeUndefined();
  });
});
