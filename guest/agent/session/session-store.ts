import type { SessionRecord } from "./session-record";

/** Where sessions persist. The agent uses the file store; tests may use others. */
export interface SessionStore {
  save(record: SessionRecord): Promise<void>;
  load(id: string): Promise<SessionRecord>;
  delete(id: string): Promise<void>;
  /** Ids of every stored session. */
  list(): Promise<string[]>;
  exists(id: string): Promise<boolean>;
}
