/** Settings in the UI: providers (keys only as "stored" or not), the default model and policy, Ollama. */
import { createStore, type StoreApi } from "zustand/vanilla";
import type { BoxApi, BoxEvent, ModelTestReport, OllamaModel, Settings, SettingsUpdate } from "../../common/box-api";
import type { DoctorReport } from "../../common/doctor";
import type { ProviderName } from "../../common/providers";

export interface SettingsState {
  settings?: Settings;
  ollamaModels: OllamaModel[];
  ollamaError?: string;
  testing?: string;
  testReport?: ModelTestReport;
  error?: string;
  hostReport?: DoctorReport;
  checkingHost: boolean;

  load(): Promise<void>;
  checkHost(): Promise<void>;
  update(update: SettingsUpdate): Promise<void>;
  setKey(provider: ProviderName, key: string | null): Promise<void>;
  listOllamaModels(): Promise<void>;
  testModel(name: string): Promise<void>;
  handleEvent(event: BoxEvent): void;
}

export type SettingsStore = StoreApi<SettingsState>;

export function createSettingsStore(api: BoxApi): SettingsStore {
  return createStore<SettingsState>()((set) => {
    async function guarded(action: () => Promise<void>): Promise<void> {
      try {
        await action();
        set({ error: undefined });
      } catch (error) {
        set({ error: (error as Error).message });
      }
    }
    return {
      ollamaModels: [],
      checkingHost: false,

      load: () => guarded(async () => set({ settings: await api.getSettings() })),
      update: (update) => guarded(async () => set({ settings: await api.updateSettings(update) })),
      setKey: (provider, key) => guarded(async () => set({ settings: await api.setProviderKey(provider, key) })),

      async checkHost() {
        set({ checkingHost: true });
        await guarded(async () => set({ hostReport: await api.checkHost() }));
        set({ checkingHost: false });
      },

      async listOllamaModels() {
        try {
          set({ ollamaModels: await api.listOllamaModels(), ollamaError: undefined });
        } catch (error) {
          set({ ollamaModels: [], ollamaError: (error as Error).message });
        }
      },

      async testModel(name) {
        set({ testing: name, testReport: undefined });
        try {
          set({ testReport: await api.testOllamaModel(name), ollamaError: undefined });
        } catch (error) {
          set({ ollamaError: (error as Error).message });
        } finally {
          set({ testing: undefined });
        }
      },

      handleEvent(event) {
        if (event.type === "settings") set({ settings: event.settings });
      },
    };
  });
}
