import { createContext, useContext, type ReactNode } from "react";
import { useStore } from "zustand";
import type { BoxApi } from "../../common/box-api";
import type { AppState, AppStore } from "../state/app-store";
import type { GuestState, GuestStore } from "../state/guest-store";
import type { SettingsState, SettingsStore } from "../state/settings-store";
import type { WorkspaceState, WorkspaceStore } from "../state/workspace-store";

export interface Stores {
  api: BoxApi;
  app: AppStore;
  workspace: WorkspaceStore;
  settings: SettingsStore;
  guest: GuestStore;
}

const StoresContext = createContext<Stores | null>(null);

export function StoresProvider({ stores, children }: { stores: Stores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

export function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error("StoresProvider is missing");
  return stores;
}

export const useApp = <T,>(selector: (state: AppState) => T): T => useStore(useStores().app, selector);
export const useWorkspace = <T,>(selector: (state: WorkspaceState) => T): T => useStore(useStores().workspace, selector);
export const useSettings = <T,>(selector: (state: SettingsState) => T): T => useStore(useStores().settings, selector);
export const useGuest = <T,>(selector: (state: GuestState) => T): T => useStore(useStores().guest, selector);

/** Light or dark, following the system. */
export function systemTheme(): "light" | "dark" {
  return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}
