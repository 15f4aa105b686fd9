import { mkdir, readFile, readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { A3sError, ErrorCodes } from "../../../common/errors";
import { writeFileAtomic } from "../../../common/node/atomic-file";
import type { SessionStore } from "../../../common/session-store";
import { checkSessionId, isSessionId, parseStoredRecord, type SessionRecord } from "./session-record";

const SUFFIX = ".json";

/** One `<id>.json` per session in a folder, each written atomically (temp file + rename). */
export class FileSessionStore implements SessionStore {
  constructor(private readonly dir: string) {}

  async save(record: SessionRecord): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFileAtomic(this.pathOf(record.id), `${JSON.stringify(record)}\n`);
  }

  async load(id: string): Promise<SessionRecord> {
    let text: string;
    try {
      text = await readFile(this.pathOf(id), "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new A3sError(ErrorCodes.SESSION_NOT_FOUND, `no stored session ${id}`);
      throw err;
    }
    return parseStoredRecord(text, id, `session file ${this.pathOf(id)}`);
  }

  async delete(id: string): Promise<void> {
    await rm(this.pathOf(id), { force: true });
  }

  async list(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw err;
    }
    return names
      .filter((name) => name.endsWith(SUFFIX))
      .map((name) => name.slice(0, -SUFFIX.length))
      .filter(isSessionId)
      .sort();
  }

  async exists(id: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(id))).isFile();
    } catch {
      return false;
    }
  }

  private pathOf(id: string): string {
    checkSessionId(id);
    return join(this.dir, `${id}${SUFFIX}`);
  }
}
