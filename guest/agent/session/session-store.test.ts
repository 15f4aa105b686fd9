// Both built-in stores pass the same cases. The SQLite store needs node:sqlite (Node 22.5+):
// under Node 20 its cases are skipped here and run by test/session-store-node22.test.ts.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ErrorCodes } from "../../../common/errors";
import type { SessionStore } from "../../../common/session-store";
import { FileSessionStore } from "./file-session-store";
import type { SessionRecord } from "./session-record";
import { SqliteSessionStore, hasNodeSqlite } from "./sqlite-session-store";

const root = mkdtempSync(join(tmpdir(), "a3s-store-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface StoreKind {
  name: string;
  available: boolean;
  open(dir: string): SessionStore;
  /** Stores `text` as the record of `id`, bypassing the store's checks. */
  writeRaw(dir: string, id: string, text: string): void;
  /** What lies in the folder after saving sessions a and b. */
  files: string[];
}

interface SqliteModule {
  DatabaseSync: new (path: string) => { prepare(sql: string): { run(...params: string[]): unknown }; close(): void };
}

const kinds: StoreKind[] = [
  {
    name: "file",
    available: true,
    open: (dir) => new FileSessionStore(dir),
    writeRaw: (dir, id, text) => writeFileSync(join(dir, `${id}.json`), text),
    files: ["a.json", "b.json"],
  },
  {
    name: "sqlite",
    available: hasNodeSqlite(),
    open: (dir) => {
      mkdirSync(dir, { recursive: true });
      return SqliteSessionStore.open(join(dir, "sessions.sqlite"));
    },
    writeRaw: (dir, id, text) => {
      const { DatabaseSync } = process.getBuiltinModule("node:sqlite") as SqliteModule;
      const db = new DatabaseSync(join(dir, "sessions.sqlite"));
      db.prepare("INSERT OR REPLACE INTO sessions (id, record) VALUES (?, ?)").run(id, text);
      db.close();
    },
    files: ["sessions.sqlite"],
  },
];

const record = (id: string): SessionRecord => ({
  id, options: { title: id }, createdAtMs: 1, updatedAtMs: 2,
  messages: [{ role: "user", text: "hi", createdAtMs: 3 }], usedTokens: 5, totalUsage: { inputTokens: 4, outputTokens: 1 },
});

describe.each(kinds)("the $name store", (kind) => {
  const dir = join(root, kind.name);

  it.runIf(kind.available)("saves, lists, loads and deletes records", async () => {
    const store = kind.open(dir);
    expect(await store.list()).toEqual([]);
    await store.save(record("b"));
    await store.save(record("a"));
    await store.save({ ...record("a"), usedTokens: 9 });
    expect(await store.list()).toEqual(["a", "b"]);
    expect(await store.load("a")).toEqual({ ...record("a"), usedTokens: 9 });
    expect(readdirSync(dir).sort()).toEqual(kind.files);
    expect(await store.exists("b")).toBe(true);
    await store.delete("b");
    expect(await store.exists("b")).toBe(false);
    await expect(store.load("b")).rejects.toMatchObject({ code: ErrorCodes.SESSION_NOT_FOUND });
    // A second store on the same folder sees what the first saved.
    expect(await kind.open(dir).load("a")).toEqual({ ...record("a"), usedTokens: 9 });
  });

  it.runIf(kind.available)("refuses ids that could name another path, and reports corrupt records", async () => {
    const store = kind.open(dir);
    await expect(store.load("../etc")).rejects.toMatchObject({ code: ErrorCodes.INVALID_ARGUMENT });
    await expect(store.save(record("../etc"))).rejects.toMatchObject({ code: ErrorCodes.INVALID_ARGUMENT });
    expect(await store.exists("../etc")).toBe(false);
    kind.writeRaw(dir, "bad", "{");
    await expect(store.load("bad")).rejects.toThrow(/bad.* is not valid JSON/);
    kind.writeRaw(dir, "other", JSON.stringify(record("not-other")));
    await expect(store.load("other")).rejects.toThrow(/other.* does not hold a session record/);
  });

  it.runIf(kind.available)("reads a record written before the system prompt was called `system`", async () => {
    const old = { ...record("old"), options: { systemPrompt: "be brief", title: "t" } };
    kind.writeRaw(dir, "old", JSON.stringify(old));
    expect((await kind.open(dir).load("old")).options).toEqual({ system: "be brief", title: "t" });
  });
});

describe.runIf(hasNodeSqlite())("the sqlite store's database file", () => {
  it("refuses a file that is not a SQLite database, and leaves it as it was", () => {
    const file = join(root, "not-a-db.sqlite");
    const bytes = Buffer.from("these are somebody's sessions, in another format\n".repeat(200));
    writeFileSync(file, bytes);
    expect(() => SqliteSessionStore.open(file)).toThrow(`cannot use the session database ${file}: file is not a database`);
    expect(readFileSync(file)).toEqual(bytes);
  });

  it("refuses a place it cannot write, and a database from a newer agent", () => {
    const folder = join(root, "a-folder.sqlite");
    mkdirSync(folder);
    expect(() => SqliteSessionStore.open(folder)).toThrow(`cannot use the session database ${folder}: unable to open database file`);
    const newer = join(root, "newer.sqlite");
    const { DatabaseSync } = process.getBuiltinModule("node:sqlite") as { DatabaseSync: new (path: string) => { exec(sql: string): void; close(): void } };
    const db = new DatabaseSync(newer);
    db.exec("PRAGMA user_version = 7");
    db.close();
    expect(() => SqliteSessionStore.open(newer)).toThrow(`cannot use the session database ${newer}: it was written by a newer agent (schema 7)`);
  });
});

it.runIf(!hasNodeSqlite())("says which Node the sqlite store needs where node:sqlite is missing", () => {
  expect(() => SqliteSessionStore.open(join(root, "x.sqlite"))).toThrow(
    `the sqlite session store needs node:sqlite, which Node ${process.version} lacks (Node 22.5 or newer has it)`,
  );
});
