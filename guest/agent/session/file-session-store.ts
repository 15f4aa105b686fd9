import { mkdir, readFile, readdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { A3sError, ErrorCodes } from "../../../common/errors";
import { writeFileAtomic } from "../../../common/node/atomic-file";
import { sessionRecordFrom, type SessionRecord } from "./session-record";
import type { SessionStore } from "./session-store";

const ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
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
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (err) {
      throw new A3sError(ErrorCodes.INTERNAL, `session file ${this.pathOf(id)} is not valid JSON: ${(err as Error).message}`);
    }
    const checked = sessionRecordFrom(record);
    if (!checked || checked.id !== id) {
      throw new A3sError(ErrorCodes.INTERNAL, `session file ${this.pathOf(id)} does not hold a session record`);
    }
    return checked;
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
      .filter((id) => ID_PATTERN.test(id))
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
    if (!ID_PATTERN.test(id)) throw new A3sError(ErrorCodes.INVALID_ARGUMENT, `invalid session id "${id}"`);
    return join(this.dir, `${id}${SUFFIX}`);
  }
}
