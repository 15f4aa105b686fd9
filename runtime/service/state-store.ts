/**
 * BoxService's memory across restarts: boxes, sessions and settings in `state.json`, each
 * session's transcript in `transcripts/<id>.json`; every write atomic. A corrupt state
 * file stops the start with its name, rather than being overwritten.
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { BoxBoundary } from "../../common/box-api";
import { readJsonFile, writeJsonAtomic } from "../../common/node/atomic-file";
import type { ModelPrice } from "../../common/prices";
import type { ProviderName } from "../../common/providers";
import type { Spend } from "../../common/spend";
import type { ModelRef, PermissionPolicy } from "../../common/session";
import type { TranscriptItem } from "../../common/transcript";

export interface StoredBox {
  id: string;
  name: string;
  workspace: string;
  kind: "vm" | "agent";
  /** A VM box's reach (absent in state files from before it was kept: the defaults). */
  boundary?: BoxBoundary;
}

export interface StoredSession {
  id: string;
  boxId: string;
  /** The agent's id for this session; replaced when the agent lost it (a fresh VM). */
  agentSessionId: string;
  title: string;
  createdAtMs: number;
  updatedAtMs: number;
  policy: PermissionPolicy;
  model: ModelRef;
  /** Absent in sessions stored before spending was kept. */
  spend?: Spend;
}

export interface StoredSettings {
  defaultModel: ModelRef;
  defaultPolicy: PermissionPolicy;
  providerBaseUrls: Partial<Record<ProviderName, string>>;
  priceOverrides: ModelPrice[];
}

export interface ServiceState {
  version: 1;
  boxes: StoredBox[];
  sessions: StoredSession[];
  settings: StoredSettings;
}

export class StateStore {
  private readonly stateFile: string;
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly stateDir: string) {
    this.stateFile = join(stateDir, "state.json");
  }

  async load(initialSettings: StoredSettings): Promise<ServiceState> {
    const data = await readJsonFile(this.stateFile);
    if (data === undefined) return { version: 1, boxes: [], sessions: [], settings: initialSettings };
    const state = data as Partial<ServiceState>;
    if (state.version !== 1 || !Array.isArray(state.boxes) || !Array.isArray(state.sessions) || typeof state.settings !== "object") {
      throw new Error(`${this.stateFile} is not an A3S Box state file (version 1); move it away to start afresh`);
    }
    return { version: 1, boxes: state.boxes, sessions: state.sessions, settings: { ...initialSettings, ...state.settings } };
  }

  /** Queues a write of the state as it is now; writes never interleave. */
  save(state: ServiceState): Promise<void> {
    const snapshot = structuredClone(state);
    return this.enqueue(() => writeJsonAtomic(this.stateFile, snapshot));
  }

  async loadTranscript(sessionId: string): Promise<TranscriptItem[]> {
    const data = await readJsonFile(this.transcriptFile(sessionId));
    return Array.isArray(data) ? (data as TranscriptItem[]) : [];
  }

  saveTranscript(sessionId: string, items: readonly TranscriptItem[]): Promise<void> {
    const snapshot = structuredClone(items);
    return this.enqueue(() => writeJsonAtomic(this.transcriptFile(sessionId), snapshot));
  }

  deleteTranscript(sessionId: string): Promise<void> {
    return this.enqueue(() => rm(this.transcriptFile(sessionId), { force: true }));
  }

  private enqueue(write: () => Promise<void>): Promise<void> {
    const next = this.writes.then(write);
    // The caller gets the failure through `next`; the queue only has to go on.
    this.writes = next.catch(() => undefined);
    return next;
  }

  private transcriptFile(sessionId: string): string {
    if (!/^[\w-]+$/.test(sessionId)) throw new Error(`invalid session id ${JSON.stringify(sessionId)}`);
    return join(this.stateDir, "transcripts", `${sessionId}.json`);
  }
}
