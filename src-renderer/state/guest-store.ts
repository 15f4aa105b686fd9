/** The first-run screen's state: the guest for this host, and the build or pull under way. */
import { createStore, type StoreApi } from "zustand/vanilla";
import type { BoxApi, BoxEvent, GuestSource, GuestStatus } from "../../common/box-api";

export interface GuestState {
  status?: GuestStatus;
  error?: string;
  /** This page has seen the guest missing: once ready, the screen stays until dismissed. */
  seenMissing: boolean;
  /** The user has seen the guest become ready and went on to the app. */
  dismissed: boolean;

  load(): Promise<void>;
  prepare(how: GuestSource): Promise<void>;
  cancel(): Promise<void>;
  dismiss(): void;
  handleEvent(event: BoxEvent): void;
}

export type GuestStore = StoreApi<GuestState>;

export function createGuestStore(api: BoxApi): GuestStore {
  return createStore<GuestState>()((set) => {
    const show = (status: GuestStatus) => set((state) => ({ status, seenMissing: state.seenMissing || (status.needed && status.state !== "ready") }));
    async function guarded(action: () => Promise<GuestStatus>): Promise<void> {
      try {
        show(await action());
        set({ error: undefined });
      } catch (error) {
        set({ error: (error as Error).message });
      }
    }
    return {
      seenMissing: false,
      dismissed: false,
      load: () => guarded(() => api.getGuestStatus()),
      prepare: (how) => guarded(() => api.prepareGuest(how)),
      cancel: () => guarded(() => api.cancelGuestPrepare()),
      dismiss: () => set({ dismissed: true }),
      handleEvent(event) {
        if (event.type === "guest") show(event.guest);
      },
    };
  });
}

/** Whether the first-run screen stands in for the app: no guest yet, or one prepared on this page and not yet acknowledged. */
export function showsFirstRun(state: Pick<GuestState, "status" | "seenMissing" | "dismissed">): boolean {
  const { status } = state;
  if (!status?.needed) return false;
  return status.state !== "ready" || (state.seenMissing && !state.dismissed);
}
