import { A3sError, ErrorCodes } from "../../../common/errors";
import type { SessionStore } from "../../../common/session-store";
import { checkSessionId, isSessionId, parseStoredRecord, type SessionRecord } from "./session-record";

// The part of node:sqlite used here; @types/node 20 does not describe the module.
interface Statement {
  run(...params: string[]): unknown;
  get(...params: string[]): Record<string, unknown> | undefined;
  all(): Record<string, unknown>[];
}
interface Database {
  exec(sql: string): void;
  prepare(sql: string): Statement;
}
interface NodeSqlite {
  DatabaseSync: new (path: string) => Database;
}

const SCHEMA_VERSION = 1;

/** Whether this Node has node:sqlite (22.5 and newer; unflagged from 22.13). */
export function hasNodeSqlite(): boolean {
  return process.getBuiltinModule("node:sqlite") !== undefined;
}

/** Every session as one row of a SQLite database (through node:sqlite), each write atomic. */
export class SqliteSessionStore implements SessionStore {
  private constructor(
    private readonly file: string,
    private readonly db: Database,
  ) {}

  /** Opens (or creates) the database; refuses one that is not a session store, without touching it. */
  static open(file: string): SqliteSessionStore {
    const sqlite = process.getBuiltinModule("node:sqlite") as NodeSqlite | undefined;
    if (!sqlite) {
      throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `the sqlite session store needs node:sqlite, which Node ${process.version} lacks (Node 22.5 or newer has it)`);
    }
    const fail = (problem: string) => new A3sError(ErrorCodes.INTERNAL, `cannot use the session database ${file}: ${problem}`);
    let db: Database;
    let version: unknown;
    try {
      db = new sqlite.DatabaseSync(file);
      db.exec("PRAGMA busy_timeout = 5000");
      version = db.prepare("PRAGMA user_version").get()?.["user_version"];
    } catch (err) {
      throw fail((err as Error).message);
    }
    if (typeof version !== "number" || version > SCHEMA_VERSION) throw fail(`it was written by a newer agent (schema ${String(version)})`);
    try {
      // Setting user_version is a write: an unwritable database fails here, not at the first save.
      db.exec(`CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, record TEXT NOT NULL) STRICT; PRAGMA user_version = ${SCHEMA_VERSION}`);
    } catch (err) {
      throw fail((err as Error).message);
    }
    return new SqliteSessionStore(file, db);
  }

  async save(record: SessionRecord): Promise<void> {
    checkSessionId(record.id);
    this.db
      .prepare("INSERT INTO sessions (id, record) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET record = excluded.record")
      .run(record.id, JSON.stringify(record));
  }

  async load(id: string): Promise<SessionRecord> {
    checkSessionId(id);
    const row = this.db.prepare("SELECT record FROM sessions WHERE id = ?").get(id);
    if (!row) throw new A3sError(ErrorCodes.SESSION_NOT_FOUND, `no stored session ${id}`);
    return parseStoredRecord(String(row["record"]), id, `session ${id} in ${this.file}`);
  }

  async delete(id: string): Promise<void> {
    checkSessionId(id);
    this.db.prepare("DELETE FROM sessions WHERE id = ?").run(id);
  }

  async list(): Promise<string[]> {
    return this.db.prepare("SELECT id FROM sessions ORDER BY id").all().map((row) => String(row["id"]));
  }

  async exists(id: string): Promise<boolean> {
    if (!isSessionId(id)) return false;
    return this.db.prepare("SELECT 1 FROM sessions WHERE id = ?").get(id) !== undefined;
  }
}
