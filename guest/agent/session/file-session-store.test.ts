import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { ErrorCodes } from "../../../common/errors";
import { FileSessionStore } from "./file-session-store";
import type { SessionRecord } from "./session-record";

const dir = mkdtempSync(join(tmpdir(), "a3s-store-"));
const store = new FileSessionStore(join(dir, "sessions"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const record = (id: string): SessionRecord => ({
  id, options: { title: id }, createdAtMs: 1, updatedAtMs: 2,
  messages: [{ role: "user", text: "hi", createdAtMs: 3 }], usedTokens: 5, totalUsage: { inputTokens: 4, outputTokens: 1 },
});

it("saves, lists, loads and deletes records, one JSON file each, atomically", async () => {
  expect(await store.list()).toEqual([]);
  await store.save(record("b"));
  await store.save(record("a"));
  await store.save({ ...record("a"), usedTokens: 9 });
  expect(await store.list()).toEqual(["a", "b"]);
  expect(await store.load("a")).toEqual({ ...record("a"), usedTokens: 9 });
  expect(readdirSync(join(dir, "sessions")).sort()).toEqual(["a.json", "b.json"]);
  expect(await store.exists("b")).toBe(true);
  await store.delete("b");
  expect(await store.exists("b")).toBe(false);
  await expect(store.load("b")).rejects.toMatchObject({ code: ErrorCodes.SESSION_NOT_FOUND });
});

it("refuses ids that could name another path, and reports corrupt files", async () => {
  await expect(store.load("../etc")).rejects.toMatchObject({ code: ErrorCodes.INVALID_ARGUMENT });
  writeFileSync(join(dir, "sessions", "bad.json"), "{");
  await expect(store.load("bad")).rejects.toThrow(/bad\.json is not valid JSON/);
  writeFileSync(join(dir, "sessions", "other.json"), JSON.stringify(record("not-other")));
  await expect(store.load("other")).rejects.toThrow(/does not hold a session record/);
});

it("reads a record written before the system prompt was called `system`", async () => {
  const old = { ...record("old"), options: { systemPrompt: "be brief", title: "t" } };
  writeFileSync(join(dir, "sessions", "old.json"), JSON.stringify(old));
  expect((await store.load("old")).options).toEqual({ system: "be brief", title: "t" });
});
