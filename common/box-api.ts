/**
 * The one contract between the UI (renderer) and the host (Electron main, or
 * `a3s-box serve`). The renderer talks only through this interface; preload implements it
 * over IPC and the browser build over a WebSocket. Errors reject with `{ code, message }`.
 */
export interface AppInfo {
  name: string;
  version: string;
  /** "electron" in the desktop app, "browser" under `a3s-box serve`. */
  host: "electron" | "browser";
}

export interface BoxApi {
  getAppInfo(): Promise<AppInfo>;
}

/** Method names of BoxApi, the allow-list both transports validate calls against. */
export const BOX_API_METHODS = ["getAppInfo"] as const satisfies readonly (keyof BoxApi)[];
export type BoxApiMethod = (typeof BOX_API_METHODS)[number];
