// A session store module for `--session-store`: every record in one JSON file, rewritten on each change.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function createSessionStore({ stateDir }) {
  const file = join(stateDir, "all-sessions.json");
  const records = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  const flush = () => writeFileSync(file, JSON.stringify(records));
  const missing = (id) => Object.assign(new Error(`no stored session ${id}`), { code: "SESSION_NOT_FOUND" });
  return {
    async save(record) {
      records[record.id] = record;
      flush();
    },
    async load(id) {
      if (!(id in records)) throw missing(id);
      return records[id];
    },
    async delete(id) {
      delete records[id];
      flush();
    },
    async list() {
      return Object.keys(records).sort();
    },
    async exists(id) {
      return id in records;
    },
  };
}
