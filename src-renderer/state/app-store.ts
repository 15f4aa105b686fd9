/**
 * The app's state outside React: boxes, sessions, transcripts, approvals, context usage.
 * It talks only to BoxApi and folds host events with the same `applyChunk` the host uses.
 */
import { createStore, type StoreApi } from "zustand/vanilla";
import { applyChunk, type TranscriptItem } from "../../common/transcript";
import type {
  AppInfo, BoxApi, BoxBoundary, BoxEvent, BoxInfo, PendingApproval, SessionSummary,
} from "../../common/box-api";
import type { ConfirmationAnswer, ContextUsage, PermissionPolicy } from "../../common/session";

export interface AppState {
  info?: AppInfo;
  boxes: BoxInfo[];
  sessions: SessionSummary[];
  selectedBoxId?: string;
  selectedSessionId?: string;
  transcripts: Record<string, TranscriptItem[]>;
  approvals: PendingApproval[];
  usage: Record<string, ContextUsage>;
  /** The last failed action, shown until dismissed. */
  error?: string;

  start(): Promise<() => void>;
  selectBox(boxId: string): Promise<void>;
  selectSession(sessionId: string): Promise<void>;
  createBox(workspace: string, boundary?: Partial<BoxBoundary>): Promise<void>;
  removeBox(boxId: string): Promise<void>;
  createSession(): Promise<void>;
  renameSession(sessionId: string, title: string): Promise<void>;
  deleteSession(sessionId: string): Promise<void>;
  send(text: string): Promise<boolean>;
  stop(): Promise<void>;
  answer(approval: PendingApproval, answer: ConfirmationAnswer): Promise<void>;
  /** Whether the policy was saved (on failure the error is shown and false returned). */
  setPolicy(policy: PermissionPolicy): Promise<boolean>;
  refreshUsage(): Promise<void>;
  compact(): Promise<void>;
  clear(): Promise<void>;
  dismissError(): void;
  handleEvent(event: BoxEvent): void;
}

export type AppStore = StoreApi<AppState>;

function upsert<T extends { id: string }>(list: readonly T[], item: T): T[] {
  const index = list.findIndex((x) => x.id === item.id);
  if (index < 0) return [...list, item];
  const copy = list.slice();
  copy[index] = item;
  return copy;
}

function message(error: unknown): string {
  if (typeof error === "object" && error !== null && "message" in error) return String((error as { message: unknown }).message);
  return String(error);
}

export function createAppStore(api: BoxApi): AppStore {
  return createStore<AppState>()((set, get) => {
    /** Runs an action; a failure lands in `error` instead of escaping into React. */
    async function guarded<T>(action: () => Promise<T>, fallback: T): Promise<T> {
      try {
        return await action();
      } catch (error) {
        set({ error: message(error) });
        return fallback;
      }
    }

    async function loadTranscript(sessionId: string): Promise<void> {
      const items = await api.getTranscript(sessionId);
      set((s) => ({ transcripts: { ...s.transcripts, [sessionId]: items } }));
    }

    function selectedSession(): SessionSummary | undefined {
      const { sessions, selectedSessionId } = get();
      return sessions.find((s) => s.id === selectedSessionId);
    }

    return {
      boxes: [],
      sessions: [],
      transcripts: {},
      approvals: [],
      usage: {},

      async start() {
        const unsubscribe = api.onEvent((event) => get().handleEvent(event));
        await guarded(async () => {
          const [info, boxes, approvals] = await Promise.all([api.getAppInfo(), api.listBoxes(), api.listPendingApprovals()]);
          set({ info, boxes, approvals });
          const first = boxes.find((b) => b.state === "ready") ?? boxes[0];
          if (first) await get().selectBox(first.id);
        }, undefined);
        return unsubscribe;
      },

      async selectBox(boxId) {
        await guarded(async () => {
          const sessions = await api.listSessions(boxId);
          const latest = sessions.toSorted((a, b) => b.updatedAtMs - a.updatedAtMs)[0];
          set({ selectedBoxId: boxId, sessions, selectedSessionId: undefined });
          if (latest) await get().selectSession(latest.id);
        }, undefined);
      },

      async selectSession(sessionId) {
        set({ selectedSessionId: sessionId });
        await guarded(() => loadTranscript(sessionId), undefined);
        await get().refreshUsage();
      },

      async createBox(workspace, boundary) {
        await guarded(async () => {
          const box = await api.createBox({ workspace, ...(boundary ? { boundary } : {}) });
          set((s) => ({ boxes: upsert(s.boxes, box), selectedBoxId: box.id, sessions: [], selectedSessionId: undefined }));
        }, undefined);
      },

      async removeBox(boxId) {
        await guarded(async () => {
          await api.removeBox(boxId);
          get().handleEvent({ type: "box-removed", boxId });
        }, undefined);
      },

      async createSession() {
        const boxId = get().selectedBoxId;
        if (!boxId) return;
        await guarded(async () => {
          const session = await api.createSession(boxId, {});
          set((s) => ({
            sessions: upsert(s.sessions, session),
            selectedSessionId: session.id,
            transcripts: { ...s.transcripts, [session.id]: [] },
          }));
        }, undefined);
      },

      async renameSession(sessionId, title) {
        await guarded(async () => {
          const session = await api.renameSession(sessionId, title);
          set((s) => ({ sessions: upsert(s.sessions, session) }));
        }, undefined);
      },

      async deleteSession(sessionId) {
        await guarded(async () => {
          await api.deleteSession(sessionId);
          get().handleEvent({ type: "session-removed", sessionId, boxId: get().selectedBoxId ?? "" });
        }, undefined);
      },

      async send(text) {
        const session = selectedSession();
        if (!session || !text.trim() || session.running) return false;
        return guarded(async () => {
          await api.send(session.id, text);
          return true;
        }, false);
      },

      async stop() {
        const session = selectedSession();
        if (session?.running) await guarded(() => api.stop(session.id), undefined);
      },

      async answer(approval, answer) {
        await guarded(async () => {
          await api.respondToApproval(approval.sessionId, approval.requestId, answer);
          set((s) => ({ approvals: s.approvals.filter((a) => a.requestId !== approval.requestId) }));
        }, undefined);
      },

      async setPolicy(policy) {
        const session = selectedSession();
        if (!session) return false;
        return guarded(async () => {
          const updated = await api.setPolicy(session.id, policy);
          set((s) => ({ sessions: upsert(s.sessions, updated) }));
          return true;
        }, false);
      },

      async refreshUsage() {
        const session = selectedSession();
        if (!session) return;
        try {
          const usage = await api.getContextUsage(session.id);
          set((s) => ({ usage: { ...s.usage, [session.id]: usage } }));
        } catch {
          // The box may be booting or gone; the meter keeps its last value.
        }
      },

      async compact() {
        const session = selectedSession();
        if (!session) return;
        await guarded(() => api.compact(session.id), undefined);
        await get().refreshUsage();
      },

      async clear() {
        const session = selectedSession();
        if (!session) return;
        await guarded(() => api.clear(session.id), undefined);
        await get().refreshUsage();
      },

      dismissError() {
        set({ error: undefined });
      },

      handleEvent(event) {
        switch (event.type) {
          case "box":
            set((s) => ({ boxes: upsert(s.boxes, event.box) }));
            break;
          case "box-removed":
            set((s) => ({
              boxes: s.boxes.filter((b) => b.id !== event.boxId),
              ...(s.selectedBoxId === event.boxId ? { selectedBoxId: undefined, sessions: [], selectedSessionId: undefined } : {}),
            }));
            break;
          case "session":
            if (event.session.boxId === get().selectedBoxId) set((s) => ({ sessions: upsert(s.sessions, event.session) }));
            if (!event.session.running && event.session.id === get().selectedSessionId) void get().refreshUsage();
            break;
          case "session-removed":
            set((s) => {
              const { [event.sessionId]: _removed, ...transcripts } = s.transcripts;
              return {
                sessions: s.sessions.filter((x) => x.id !== event.sessionId),
                transcripts,
                ...(s.selectedSessionId === event.sessionId ? { selectedSessionId: undefined } : {}),
              };
            });
            break;
          case "user-message":
          case "chunk":
            set((s) => {
              const items = s.transcripts[event.sessionId];
              if (!items) return {};
              const next = event.type === "chunk" ? applyChunk(items, event.chunk) : [...items, event.item];
              return { transcripts: { ...s.transcripts, [event.sessionId]: next } };
            });
            break;
          case "transcript-reset":
            if (get().transcripts[event.sessionId]) void guarded(() => loadTranscript(event.sessionId), undefined);
            break;
          case "approvals":
            set({ approvals: event.pending });
            break;
          case "file-change":
          case "settings":
            break;
        }
      },
    };
  });
}
